package org.spinecho.ml;

/** A model directory that cannot be used: missing, incomplete, corrupted or of another format. */
public class ModelFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
