package org.spinecho.data;

/**
 * An operation refused because it would lose or corrupt data, or give a wrong result: an output
 * that would overwrite an input, a report directory that holds files of someone else, an output
 * directory another process is writing, a data set that differs from its manifest, a curve that
 * is not finite. The message says what and why in one line; a command line prints it and exits
 * with status 2 (it is an {@link IllegalArgumentException} so that every command's bad-input
 * path handles it).
 */
public class RefusedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public RefusedException(String message) {
        super(message);
    }
}
