package io.portcullis.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small real HTTP application behind nginx: answers 200 "upstream ok" and records the headers of
 * every request it receives (names lowercased), so tests see exactly what nginx forwarded.
 */
public final class Upstream implements AutoCloseable {

    private final HttpServer server;
    private final List<Map<String, List<String>>> requests = new CopyOnWriteArrayList<>();

    private Upstream(HttpServer server) {
        this.server = server;
    }

    public static Upstream start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            Upstream upstream = new Upstream(server);
            server.createContext("/", exchange -> {
                Map<String, List<String>> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
                upstream.requests.add(headers);
                byte[] body = "upstream ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return upstream;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public int requestCount() {
        return requests.size();
    }

    /** Headers of the latest request. */
    public Map<String, List<String>> last() {
        if (requests.isEmpty()) {
            throw new AssertionError("the upstream received no request");
        }
        return requests.get(requests.size() - 1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
