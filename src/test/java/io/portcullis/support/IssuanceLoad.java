package io.portcullis.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client threads that issue certificates back to back ({@code POST /api/v1/certificates}) until
 * stopped, recording every outcome, for the fault tests: what did clients receive while the
 * service crashed or the database went away?
 */
public final class IssuanceLoad implements AutoCloseable {

    /** One request as a client saw it; {@code status} is -1 when the connection failed. */
    public record Outcome(long startNanos, long elapsedMillis, int status, String body, String retryAfter, String contentType) {

        public String field(String name) {
            Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(body);
            return m.find() ? m.group(1) : null;
        }
    }

    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final ExecutorService pool;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private volatile boolean running = true;

    private IssuanceLoad(int clients, String url, String adminToken, String csrPem) {
        pool = Executors.newFixedThreadPool(clients);
        String json = "{\"csr\":\"" + csrPem.replace("\n", "\\n") + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/certificates"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json)).build();
        for (int i = 0; i < clients; i++) {
            pool.submit(() -> {
                while (running) {
                    outcomes.add(send(request));
                }
            });
        }
    }

    /** Starts {@code clients} threads issuing from the same CSR against the service at {@code url}. */
    public static IssuanceLoad start(int clients, String url, String adminToken, String csrPem) {
        return new IssuanceLoad(clients, url, adminToken, csrPem);
    }

    private Outcome send(HttpRequest request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Outcome(start, (System.nanoTime() - start) / 1_000_000, response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.headers().firstValue("Content-Type").orElse(null));
        } catch (IOException e) {
            pause(); // the service is down: do not spin
            return new Outcome(start, (System.nanoTime() - start) / 1_000_000, -1, e.toString(), null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return new Outcome(start, 0, -1, "interrupted", null, null);
        }
    }

    public List<Outcome> outcomes() {
        return new ArrayList<>(outcomes);
    }

    public long count(int status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    /** Waits until at least {@code n} requests answered {@code status}, or fails after {@code timeout}. */
    public void awaitCount(int status, long n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(status) < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + count(status) + " responses " + status + " within " + timeout);
            }
            pause();
        }
    }

    /** Stops the clients and waits for their last requests. */
    @Override
    public void close() {
        running = false;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
