package io.portcullis.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server publishing {@code /api/v1/ca/bundle} and {@code /api/v1/crl} the way the CA does
 * (ETag, 304 on a matching {@code If-None-Match}), with content the test controls, for sidecar
 * tests that need a CA other than the service itself. It can go away and come back on the same port.
 */
public final class TrustEndpoints implements AutoCloseable {

    private final int port;
    private final AtomicInteger notModified = new AtomicInteger();
    private volatile HttpServer server;
    private volatile String bundle;
    private volatile byte[] crl;

    private TrustEndpoints(int port) {
        this.port = port;
    }

    public static TrustEndpoints start(String bundle, byte[] crl) {
        TrustEndpoints endpoints = new TrustEndpoints(0);
        endpoints.bundle = bundle;
        endpoints.crl = crl;
        endpoints.listen(0);
        return endpoints;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void publish(String bundle, byte[] crl) {
        this.bundle = bundle;
        this.crl = crl;
    }

    /** How many requests were answered 304 Not Modified. */
    public int notModified() {
        return notModified.get();
    }

    /** Stops answering; {@link #resume()} listens again on the same port. */
    public void pause() {
        server.stop(0);
    }

    public void resume() {
        listen(server.getAddress().getPort());
    }

    private void listen(int onPort) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
            s.createContext("/api/v1/ca/bundle", exchange -> answer(exchange, bundle.getBytes(StandardCharsets.US_ASCII),
                    "application/x-pem-file"));
            s.createContext("/api/v1/crl", exchange -> answer(exchange, crl, "application/pkix-crl"));
            s.start();
            server = s;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void answer(HttpExchange exchange, byte[] body, String type) throws IOException {
        String etag = "\"" + HexFormat.of().formatHex(sha256(body)) + "\"";
        exchange.getResponseHeaders().set("ETag", etag);
        if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            notModified.incrementAndGet();
            exchange.sendResponseHeaders(304, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
