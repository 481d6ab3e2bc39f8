package org.spinecho.app;

/**
 * A bad option value found after parsing. Commands catch it, print its message as one line
 * ("spinecho simulate: --alpha must be ...") and exit with status 2.
 */
final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
        super(message, null, false, false);
    }
}
