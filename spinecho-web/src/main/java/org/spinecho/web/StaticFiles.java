package org.spinecho.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * The page and its scripts, from the jar: {@code /} (index.html), {@code /app.js}, {@code /style.css},
 * and {@code /vendor/plotly.js}, the plotting library from its WebJar (no network needed). Each
 * file is read once and kept gzip-compressed for clients that accept it.
 */
final class StaticFiles implements HttpHandler {
    private static final String PAGE = "/org/spinecho/web/";
    private static final Map<String, String> FILES = Map.of(
            "/", PAGE + "index.html",
            "/index.html", PAGE + "index.html",
            "/app.js", PAGE + "app.js",
            "/style.css", PAGE + "style.css",
            "/vendor/plotly.js", plotlyResource());

    private record Content(byte[] plain, byte[] gzip, String type) {
    }

    private final Map<String, Content> cache = new ConcurrentHashMap<>();

    /** Where the WebJar keeps plotly.js, found through its Maven metadata (no version in the code). */
    static String plotlyResource() {
        Properties p = new Properties();
        try (InputStream in = StaticFiles.class.getResourceAsStream(
                "/META-INF/maven/org.webjars.npm/plotly.js-dist/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the plotly.js WebJar is not on the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "/META-INF/resources/webjars/plotly.js-dist/" + p.getProperty("version") + "/plotly.js";
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String resource = FILES.get(path);
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                text(exchange, 405, "only GET here");
                return;
            }
            if (resource == null) {
                text(exchange, 404, "no such page: " + path + " (the page is at /)");
                return;
            }
            Content c = cache.computeIfAbsent(resource, StaticFiles::load);
            String accept = exchange.getRequestHeaders().getFirst("Accept-Encoding");
            boolean gzip = accept != null && accept.contains("gzip");
            byte[] body = gzip ? c.gzip() : c.plain();
            exchange.getResponseHeaders().set("Content-Type", c.type());
            exchange.getResponseHeaders().set("Cache-Control", path.startsWith("/vendor/") ? "max-age=86400" : "no-cache");
            if (gzip) {
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static Content load(String resource) {
        try (InputStream in = StaticFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            byte[] plain = in.readAllBytes();
            ByteArrayOutputStream zipped = new ByteArrayOutputStream(plain.length / 4);
            try (GZIPOutputStream z = new GZIPOutputStream(zipped) {
                {
                    def.setLevel(java.util.zip.Deflater.BEST_SPEED); // once per file, on its first request
                }
            }) {
                z.write(plain);
            }
            String type = resource.endsWith(".html") ? "text/html; charset=utf-8"
                    : resource.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            return new Content(plain, zipped.toByteArray(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void text(HttpExchange exchange, int status, String message) throws IOException {
        byte[] b = Exchanges.utf8(message + "\n");
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, b.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(b);
        }
    }
}
