package org.spinecho.web;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Set;

/**
 * For a server bound to the loopback address: answers only requests addressed to this machine by
 * name ({@code Host: 127.0.0.1:P}, {@code localhost:P} or {@code [::1]:P}). A web site that makes
 * its own name resolve to 127.0.0.1 (DNS rebinding) would otherwise be able to use the API from a
 * browser on this machine; its requests carry its own name and get a 403.
 */
final class LocalHostOnly extends Filter {
    private final Set<String> allowed;

    LocalHostOnly(int port) {
        this.allowed = Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port);
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host != null && allowed.contains(host.strip().toLowerCase(Locale.ROOT))) {
            chain.doFilter(exchange);
            return;
        }
        try (exchange) {
            byte[] body = Json.bytes(new Exchanges.ErrorBody("this server answers requests for 127.0.0.1 or localhost "
                    + "only, got Host '" + host + "'"));
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(403, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public String description() {
        return "answers requests addressed to this machine's loopback names only";
    }
}
