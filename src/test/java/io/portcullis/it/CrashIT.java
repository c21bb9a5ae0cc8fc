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
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of the service in the middle of a stream of issuances from several clients: every
 * certificate a client received a 201 for is in the database with the same fingerprint, no intent
 * row survives half-done (the intent and the signed certificate commit together or not at all), and
 * the restarted service is ready and issues without any repair.
 */
class CrashIT {

    static final String TOKEN = "crash-it-admin-token-0123456789abcdefghijklmnopqr";
    static final int CLIENTS = 6;

    @Test
    void everyDeliveredCertificateSurvivesAKill9() throws Exception {
        String database = Database.fresh("crash");
        Openssl openssl = Openssl.inTempDir();
        String csr = openssl.read(openssl.newCsr("crash", "ec:P-256", "/CN=crash.example"));

        List<Outcome> outcomes;
        long killed;
        try (AppProcess app = app(database).start().awaitReady(Duration.ofMinutes(2))) {
            IssuanceLoad load = IssuanceLoad.start(CLIENTS, app.url(), TOKEN, csr);
            try {
                load.awaitCount(201, 40, Duration.ofSeconds(90));
                killed = System.nanoTime();
                app.kill9();
                Thread.sleep(500); // clients keep trying against the dead process
            } finally {
                load.close();
            }
            outcomes = load.outcomes();
        }
        List<Outcome> delivered = outcomes.stream().filter(o -> o.status() == 201).toList();
        long cut = outcomes.stream().filter(o -> o.status() == -1 && o.startNanos() < killed).count();
        assertThat(outcomes).as("no 5xx before the crash").noneMatch(o -> o.status() >= 500);
        assertThat(outcomes).as("clients saw the crash").anyMatch(o -> o.status() == -1);

        // the database after the crash, before any restart
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

    private static AppProcess app(String database) {
        return AppProcess.on(database)
                .env("PORTCULLIS_CA_PASSPHRASE", "crash-it-passphrase")
                .env("PORTCULLIS_ADMIN_TOKEN", TOKEN);
    }
}
