package org.spinecho.data;

/**
 * The output directory holds files that this generation must not touch: a data set or an
 * unfinished generation made with other settings (the message names the setting that differs),
 * or files without a manifest. A command line reports it as bad input (status 2).
 */
public final class GenerationConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GenerationConflictException(String message) {
        super(message);
    }
}
