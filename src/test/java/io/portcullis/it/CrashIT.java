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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The service stopped in the middle of a stream of issuances from several clients.
 *
 * <p>{@code kill -9}: every certificate a client received a 201 for is in the database with the same
 * fingerprint, no intent row survives half-done (the intent and the signed certificate commit together
 * or not at all), and the restarted service is ready and issues without any repair.
 *
 * <p>SIGTERM, with a sidecar subscribed to the event stream: the requests in flight finish with their
 * certificates committed (no 5xx), the event stream ends so the subscriber can reconnect elsewhere,
 * and the service stops without waiting out its shutdown timeout.
 */
class CrashIT {

    static final String TOKEN = "crash-it-admin-token-0123456789abcdefghijklmnopqr";
    static final int CLIENTS = 6;

    @Test
    void everyDeliveredCertificateSurvivesAKill9() throws Exception {
        String database = Database.fresh("crash");
        String csr = csr();

        Run run;
        try (AppProcess app = app(database).start().awaitReady(Duration.ofMinutes(2))) {
            run = issueUntil(app, csr, () -> {
                app.kill9();
                Thread.sleep(500); // clients keep trying against the dead process
            });
        }
        List<Outcome> outcomes = run.outcomes();
        long killed = run.stopped();
        List<Outcome> delivered = outcomes.stream().filter(o -> o.status() == 201).toList();
        long cut = outcomes.stream().filter(o -> o.status() == -1 && o.startNanos() < killed).count();
        assertThat(outcomes).as("no 5xx before the crash").noneMatch(o -> o.status() >= 500);
        assertThat(outcomes).as("clients saw the crash").anyMatch(o -> o.status() == -1);

        Map<String, String> stored = assertEveryDeliveredCertificateStored(database, delivered); // before any restart
        assertThat(delivered.stream().map(o -> o.field("serialNumber"))).doesNotHaveDuplicates();
        assertThat(stored.values()).doesNotHaveDuplicates();

        long restart = System.nanoTime();
        try (AppProcess restarted = app(database).start().awaitReady(Duration.ofMinutes(2))) {
            long readyMillis = (System.nanoTime() - restart) / 1_000_000;
            HttpResponse<String> after = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(restarted.url() + "/api/v1/certificates"))
                            .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"csr\":\"" + csr.replace("\n", "\\n") + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
            System.out.printf("[reliability] crash: kill -9 under %d clients after %d certificates delivered; all %d in the"
                            + " database with matching fingerprints, %d requests in flight cut, %d rows committed but undelivered,"
                            + " 0 pending intents, 0 duplicate serials; restarted and ready in %d ms%n",
                    CLIENTS, delivered.size(), delivered.size(), cut, stored.size() - delivered.size(), readyMillis);
        }
    }

    @Test
    void aSigtermLetsTheRequestsInFlightFinishAndEndsTheEventStreams() throws Exception {
        String database = Database.fresh("shutdown");
        String csr = csr();

        Run run;
        String log;
        CompletableFuture<List<String>> stream;
        try (AppProcess app = app(database).start().awaitReady(Duration.ofMinutes(2))) {
            CompletableFuture<HttpResponse<Stream<String>>> subscription = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(URI.create(app.url() + "/api/v1/events")).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofLines());
            CompletableFuture<List<String>> events = subscription.thenApplyAsync(
                    response -> response.body().filter(line -> line.startsWith("data:")).toList());
            // the clients stop starting requests once it ran, as when a load balancer takes the pod out
            run = issueUntil(app, csr, app::terminate);
            app.awaitExit(Duration.ofSeconds(30));
            log = app.log();
            stream = events.handle((lines, failure) -> failure == null ? lines : List.of("failed: " + failure));
        }

        List<Outcome> outcomes = run.outcomes();
        long terminated = run.stopped();
        Map<Integer, Long> statuses = outcomes.stream().collect(Collectors.groupingBy(Outcome::status, Collectors.counting()));
        assertThat(outcomes).as("statuses %s; no 5xx during the shutdown", statuses).noneMatch(o -> o.status() >= 500);
        assertThat(outcomes.stream().filter(o -> o.startNanos() < terminated))
                .as("every request sent before the SIGTERM got its certificate").allMatch(o -> o.status() == 201);
        assertThat(log).doesNotContain("Unexpected failure").doesNotContain("Timed out waiting for graceful shutdown");
        List<Outcome> delivered = outcomes.stream().filter(o -> o.status() == 201).toList();
        assertEveryDeliveredCertificateStored(database, delivered);
        assertThat(stream.get(5, TimeUnit.SECONDS)).as("the event stream ended, not cut, before the service stopped")
                .anyMatch(line -> line.contains("connected")).noneMatch(line -> line.startsWith("failed"));
        System.out.printf("[reliability] shutdown: SIGTERM under %d clients; outcomes %s, all %d delivered certificates"
                + " in the database, event stream ended, no 5xx%n", CLIENTS, statuses, delivered.size());
    }

    /**
     * Every row is complete (valid, no pending intent, holding the certificate its fingerprint names)
     * and every certificate a client got a 201 for is one of them; returns serial → fingerprint.
     */
    private static Map<String, String> assertEveryDeliveredCertificateStored(String database, List<Outcome> delivered)
            throws SQLException {
        Map<String, String> stored = new HashMap<>();
        try (Connection c = Database.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT serial_number, status, sha256_fingerprint,"
                        + " certificate IS NOT NULL AND encode(sha256(certificate), 'hex') = sha256_fingerprint FROM certificates")) {
            while (rs.next()) {
                assertThat(rs.getString(2)).as("status of %s", rs.getString(1)).isEqualTo("valid");
                assertThat(rs.getBoolean(4)).as("%s holds the certificate it is fingerprinted by", rs.getString(1)).isTrue();
                stored.put(rs.getString(1), rs.getString(3));
            }
        }
        for (Outcome o : delivered) {
            assertThat(stored).as("a 201 the client holds").containsEntry(o.field("serialNumber"), o.field("sha256Fingerprint"));
        }
        return stored;
    }

    /** What {@link #CLIENTS} clients got until {@code stop} ran, 40 certificates in, and when it ran. */
    private record Run(List<Outcome> outcomes, long stopped) {
    }

    private interface Stop {
        void run() throws Exception;
    }

    private static Run issueUntil(AppProcess app, String csr, Stop stop) throws Exception {
        IssuanceLoad load = IssuanceLoad.start(CLIENTS, app.url(), TOKEN, csr);
        long stopped;
        try {
            load.awaitCount(201, 40, Duration.ofSeconds(90));
            stopped = System.nanoTime();
            stop.run();
        } finally {
            load.close();
        }
        return new Run(load.outcomes(), stopped);
    }

    private static String csr() {
        Openssl openssl = Openssl.inTempDir();
        return openssl.read(openssl.newCsr("crash", "ec:P-256", "/CN=crash.example"));
    }

    private static AppProcess app(String database) {
        return AppProcess.on(database)
                .env("PORTCULLIS_CA_PASSPHRASE", "crash-it-passphrase")
                .env("PORTCULLIS_ADMIN_TOKEN", TOKEN);
    }
}
