package io.portcullis.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.AppProcess;
import io.portcullis.support.Database;
import io.portcullis.support.IssuanceLoad;
import io.portcullis.support.IssuanceLoad.Outcome;
import io.portcullis.support.Openssl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM in the middle of a stream of issuances, with a sidecar subscribed to the event stream: the
 * requests in flight finish with their certificates committed (no 5xx), the event stream ends so the
 * subscriber can reconnect elsewhere, and the service stops without waiting out its shutdown timeout.
 */
class ShutdownIT {

    static final String TOKEN = "shutdown-it-admin-token-0123456789abcdefghijklmn";
    static final int CLIENTS = 6;

    @Test
    void aSigtermLetsTheRequestsInFlightFinishAndEndsTheEventStreams() throws Exception {
        String database = Database.fresh("shutdown");
        Openssl openssl = Openssl.inTempDir();
        String csr = openssl.read(openssl.newCsr("shutdown", "ec:P-256", "/CN=shutdown.example"));

        List<Outcome> outcomes;
        String log;
        long terminated;
        CompletableFuture<List<String>> stream;
        try (AppProcess app = AppProcess.on(database).env("PORTCULLIS_CA_PASSPHRASE", "shutdown-it-passphrase")
                .env("PORTCULLIS_ADMIN_TOKEN", TOKEN).start().awaitReady(Duration.ofMinutes(2))) {
            CompletableFuture<HttpResponse<Stream<String>>> subscription = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(URI.create(app.url() + "/api/v1/events")).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofLines());
            CompletableFuture<List<String>> events = subscription.thenApplyAsync(
                    response -> response.body().filter(line -> line.startsWith("data:")).toList());
            IssuanceLoad load = IssuanceLoad.start(CLIENTS, app.url(), TOKEN, csr);
            try {
                load.awaitCount(201, 40, Duration.ofSeconds(90));
                terminated = System.nanoTime();
                app.terminate();
            } finally {
                load.close(); // clients stop starting requests, as when a load balancer takes the pod out
            }
            outcomes = load.outcomes();
            app.awaitExit(Duration.ofSeconds(30));
            log = app.log();
            stream = events.handle((lines, failure) -> failure == null ? lines : List.of("failed: " + failure));
        }

        Map<Integer, Long> statuses = outcomes.stream().collect(Collectors.groupingBy(Outcome::status, Collectors.counting()));
        assertThat(outcomes).as("statuses %s; no 5xx during the shutdown", statuses).noneMatch(o -> o.status() >= 500);
        assertThat(outcomes.stream().filter(o -> o.startNanos() < terminated))
                .as("every request sent before the SIGTERM got its certificate").allMatch(o -> o.status() == 201);
        assertThat(log).doesNotContain("Unexpected failure").doesNotContain("Timed out waiting for graceful shutdown");
        Map<String, String> stored = Database.strings(database, "SELECT serial_number || ' ' || sha256_fingerprint"
                        + " FROM certificates WHERE status = 'valid'").stream()
                .collect(Collectors.toMap(row -> row.split(" ")[0], row -> row.split(" ")[1]));
        List<Outcome> delivered = outcomes.stream().filter(o -> o.status() == 201).toList();
        for (Outcome o : delivered) {
            assertThat(stored).as("a 201 the client holds").containsEntry(o.field("serialNumber"), o.field("sha256Fingerprint"));
        }
        assertThat(Database.count(database, "SELECT count(*) FROM certificates WHERE status <> 'valid'"))
                .as("no intent left pending").isZero();
        assertThat(stream.get(5, TimeUnit.SECONDS)).as("the event stream ended, not cut, before the service stopped")
                .anyMatch(line -> line.contains("connected")).noneMatch(line -> line.startsWith("failed"));
        System.out.printf("[reliability] shutdown: SIGTERM under %d clients; outcomes %s, all %d delivered certificates"
                + " in the database, event stream ended, no 5xx%n", CLIENTS, statuses, delivered.size());
    }
}
