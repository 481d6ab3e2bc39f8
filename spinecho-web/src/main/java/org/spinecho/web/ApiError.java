package org.spinecho.web;

/** A request the server refuses: its HTTP status (4xx) and a message for the page and for scripts. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    int status() {
        return status;
    }
}
