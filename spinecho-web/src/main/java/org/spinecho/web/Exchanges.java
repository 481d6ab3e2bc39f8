package org.spinecho.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The plumbing every handler shares: a capped request body (413 beyond the limit), JSON answers,
 * and errors as 4xx/5xx with {@code {"error": "..."}}; nothing a request does can stop the server.
 */
final class Exchanges {
    private Exchanges() {
    }

    /** A JSON endpoint: the request body (null for GET) and the path below the context to an answer. */
    @FunctionalInterface
    interface Endpoint {
        Object answer(String method, String subPath, byte[] body) throws Exception;
    }

    /** An answer with a status other than 200 (e.g. 202 Accepted for a started job). */
    record Status(int code, Object body) {
    }

    /** A handler around {@code endpoint}, reading at most {@code maxBody} bytes of body. */
    static HttpHandler json(String context, long maxBody, PrintStream log, Endpoint endpoint) {
        return exchange -> {
            try (exchange) {
                try {
                    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
                    String path = exchange.getRequestURI().getPath();
                    String sub = path.length() > context.length() ? path.substring(context.length()) : "";
                    byte[] body = method.equals("GET") || method.equals("DELETE") ? null : body(exchange, maxBody);
                    Object answer = endpoint.answer(method, sub, body);
                    if (answer instanceof Status s) {
                        send(exchange, s.code(), Json.bytes(s.body()));
                    } else {
                        send(exchange, 200, Json.bytes(answer));
                    }
                } catch (ApiError e) {
                    if (e.status() == 413) {
                        drain(exchange);
                    }
                    send(exchange, e.status(), Json.bytes(new ErrorBody(e.getMessage())));
                } catch (RuntimeException | Error | IOException e) {
                    // a bug or an exhausted resource: the request fails, the server goes on
                    log.println("spinecho serve: " + exchange.getRequestURI() + ": " + e);
                    sendQuietly(exchange, 500, Json.bytes(new ErrorBody("internal error: " + e)));
                } catch (Exception e) {
                    log.println("spinecho serve: " + exchange.getRequestURI() + ": " + e);
                    sendQuietly(exchange, 500, Json.bytes(new ErrorBody("internal error: " + e)));
                }
            }
        };
    }

    /** The JSON body of every error answer. */
    record ErrorBody(String error) {
    }

    /**
     * The request body, at most {@code max} bytes: a larger Content-Length is refused before
     * reading, a body that turns out larger is refused when it passes the limit.
     */
    static byte[] body(HttpExchange exchange, long max) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("bad Content-Length '" + length + "'");
            }
            if (n > max) {
                throw tooLarge(n, max);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        try (InputStream in = exchange.getRequestBody()) {
            int r;
            while ((r = in.read(buf)) > 0) {
                if (out.size() + (long) r > max) {
                    throw tooLarge(-1, max);
                }
                out.write(buf, 0, r);
            }
        }
        return out.toByteArray();
    }

    /** Most bytes of a refused body read and dropped so that the client gets to read the 413. */
    static final long DRAIN_LIMIT = 256L << 20;

    /**
     * Reads and drops the rest of a refused body (up to {@link #DRAIN_LIMIT}): closing a connection
     * with unread data resets it, and the client would see a broken connection instead of the
     * answer. Beyond the limit the connection is closed anyway.
     */
    private static void drain(HttpExchange exchange) {
        byte[] buf = new byte[65536];
        long total = 0;
        try {
            InputStream in = exchange.getRequestBody();
            int r;
            while (total < DRAIN_LIMIT && (r = in.read(buf)) > 0) {
                total += r;
            }
        } catch (IOException e) {
            // the client has gone: nothing to drain
        }
    }

    private static ApiError tooLarge(long n, long max) {
        return new ApiError(413, String.format(Locale.ROOT, "the request is too large (%s; the limit is %s)",
                n >= 0 ? megabytes(n) : "more than the limit", megabytes(max)));
    }

    static String megabytes(long n) {
        return n >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", n / 1048576.0) : (n / 1024) + " kB";
    }

    static void send(HttpExchange exchange, int status, byte[] json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (status == 413) {
            // the client may still be sending: do not keep the connection for another request
            exchange.getResponseHeaders().set("Connection", "close");
        }
        exchange.sendResponseHeaders(status, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

    private static void sendQuietly(HttpExchange exchange, int status, byte[] json) {
        try {
            send(exchange, status, json);
        } catch (IOException | RuntimeException ignored) {
            // headers already sent or the client has gone: nothing more to tell it
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
