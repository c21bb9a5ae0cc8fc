package io.portcullis.it;

import static io.portcullis.support.JsonFields.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.AppProcess;
import io.portcullis.support.IssuanceLoad;
import io.portcullis.support.IssuanceLoad.Outcome;
import io.portcullis.support.Openssl;
import io.portcullis.support.PrivatePostgres;
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
 * PostgreSQL crashes under issuing load (a private cluster, {@code pg_ctl stop -m immediate}):
 * issuing fails fast with 503 and Retry-After and nothing internal, readiness goes DOWN, the
 * trust material relying parties need is still served from memory, and once PostgreSQL is back
 * the same process issues again and no half-written row remains.
 */
class DatabaseOutageIT {

    static final String TOKEN = "outage-it-admin-token-0123456789abcdefghijklmnopq";
    /** The promise: a request during an outage is answered within this, never left hanging. */
    static final long FAIL_FAST_MILLIS = 5_000;
    static final int CLIENTS = 4;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void issuingFailsFastDuringAnOutageAndRecoversWithoutARestart() throws Exception {
        Openssl openssl = Openssl.inTempDir();
        String csr = openssl.read(openssl.newCsr("outage", "ec:P-256", "/CN=outage.example"));
        try (PrivatePostgres pg = PrivatePostgres.start("portcullis");
                AppProcess app = AppProcess.on("unused")
                        .env("QUARKUS_DATASOURCE_JDBC_URL", pg.jdbcUrl("portcullis"))
                        .env("PORTCULLIS_CA_PASSPHRASE", "outage-it-passphrase")
                        .env("PORTCULLIS_ADMIN_TOKEN", TOKEN)
                        .env("PORTCULLIS_CRL_CHECK_INTERVAL", "1s")
                        .start().awaitReady(Duration.ofMinutes(2))) {
            Map<String, byte[]> before = trustMaterial(app);
            HttpResponse<String> token = post(app, "/api/v1/enrollment-tokens", TOKEN, "{\"commonName\":\"outage.example\"}");
            assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
            String enrollmentToken = field(token.body(), "token");
            String order = "{\"csr\":\"" + csr.replace("\n", "\\n") + "\"}";

            IssuanceLoad load = IssuanceLoad.start(CLIENTS, app.url(), TOKEN, csr);
            List<Outcome> all;
            long down;
            long recoveredMillis;
            try {
                load.awaitCount(201, 20, Duration.ofSeconds(60));
                Outcome first = load.outcomes().stream().filter(o -> o.status() == 201).findFirst().orElseThrow();
                openssl.write("leaf.pem", first.field("certificate").replace("\\n", "\n"));
                openssl.writeBytes("ca.pem", before.get("/api/v1/ca/certificate"));
                openssl.ok("ocsp", "-issuer", "ca.pem", "-cert", "leaf.pem", "-no_nonce", "-reqout", "request.der");
                down = System.nanoTime();
                pg.crash();

                // under the outage: readiness DOWN, the trust material from memory
                awaitStatus(app, "/q/health/ready", 503, Duration.ofSeconds(10));
                assertThat(get(app, "/q/health/ready").body()).containsPattern("\"status\": ?\"DOWN\"");
                Thread.sleep(3_000); // let every client see the outage for a while
                Map<String, byte[]> during = trustMaterial(app);
                for (Map.Entry<String, byte[]> served : before.entrySet()) {
                    assertThat(during.get(served.getKey())).as("%s during the outage", served.getKey())
                            .isEqualTo(served.getValue());
                }
                // OCSP cannot know a status without the database: RFC 6960 tryLater, not an HTTP error
                HttpResponse<byte[]> ocsp = http.send(HttpRequest.newBuilder(URI.create(app.url() + "/api/v1/ocsp"))
                        .header("Content-Type", "application/ocsp-request").timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofFile(openssl.dir().resolve("request.der"))).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(ocsp.statusCode()).isEqualTo(200);
                openssl.writeBytes("response.der", ocsp.body());
                assertThat(openssl.run("ocsp", "-respin", "response.der", "-resp_text", "-noverify").output())
                        .contains("Responder Error: trylater (3)");
                // a device whose token cannot be looked up must hear "retry", not "your token is invalid"
                HttpResponse<String> device = post(app, "/api/v1/orders", enrollmentToken, order);
                assertThat(device.statusCode()).as(device.body()).isEqualTo(503);
                assertThat(device.headers().firstValue("Retry-After")).isPresent();

                long restarted = System.nanoTime();
                pg.startServer();
                long issuedBefore = load.count(201);
                load.awaitCount(201, issuedBefore + 10, Duration.ofSeconds(30));
                recoveredMillis = (System.nanoTime() - restarted) / 1_000_000;
            } finally {
                load.close();
            }
            all = load.outcomes();
            awaitStatus(app, "/q/health/ready", 200, Duration.ofSeconds(10));
            HttpResponse<String> device = post(app, "/api/v1/orders", enrollmentToken, order);
            assertThat(device.statusCode()).as("the token was not spent by the failed attempt: " + device.body()).isEqualTo(201);

            // every request that started after the crash and failed: a fast 503 problem with Retry-After, nothing internal
            List<Outcome> failed = all.stream().filter(o -> o.startNanos() > down && o.status() != 201).toList();
            assertThat(failed).as("requests failed during the outage").isNotEmpty();
            for (Outcome o : failed) {
                assertThat(o.status()).as(o.body()).isEqualTo(503);
                assertThat(o.contentType()).startsWith("application/problem+json");
                assertThat(o.retryAfter()).isNotNull();
                assertThat(o.body()).contains("urn:ietf:params:acme:error:serverInternal")
                        .doesNotContainIgnoringCase("exception").doesNotContainIgnoringCase("psql")
                        .doesNotContainIgnoringCase("jdbc").doesNotContain("127.0.0.1").doesNotContain("at io.");
            }
            long slowest = all.stream().filter(o -> o.startNanos() > down).mapToLong(Outcome::elapsedMillis).max().orElse(0);
            assertThat(slowest).as("slowest answer during the outage, ms").isLessThanOrEqualTo(FAIL_FAST_MILLIS);
            assertThat(all).as("no other 5xx than 503").noneMatch(o -> o.status() >= 500 && o.status() != 503);

            // every 201 is in the database with its fingerprint; no intent row left pending
            Map<String, String> stored = new HashMap<>();
            try (Connection c = pg.connect("portcullis"); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT serial_number, sha256_fingerprint, status FROM certificates")) {
                while (rs.next()) {
                    assertThat(rs.getString(3)).as("row %s", rs.getString(1)).isEqualTo("valid");
                    stored.put(rs.getString(1), rs.getString(2));
                }
            }
            try (Connection c = pg.connect("portcullis"); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE status = 'valid'), count(*) FROM orders")) {
                rs.next();
                assertThat(rs.getLong(2)).as("orders: only the one that succeeded").isEqualTo(1);
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
            List<Outcome> issued = all.stream().filter(o -> o.status() == 201).toList();
            for (Outcome o : issued) {
                assertThat(stored).containsEntry(o.field("serialNumber"), o.field("sha256Fingerprint"));
            }
            System.out.printf("[reliability] database outage: %d clients, %d issued, %d answered 503 during the outage"
                            + " (slowest %d ms, limit %d ms), readiness DOWN, CA/bundle/CRL served from memory, OCSP tryLater,"
                            + " issuing again %d ms after PostgreSQL restarted, 0 pending rows%n",
                    CLIENTS, issued.size(), failed.size(), slowest, FAIL_FAST_MILLIS, recoveredMillis);
        }
    }

    /** The CA certificate, bundle and CRL as served now. */
    private Map<String, byte[]> trustMaterial(AppProcess app) throws Exception {
        Map<String, byte[]> served = new HashMap<>();
        for (String path : List.of("/api/v1/ca/certificate", "/api/v1/ca/bundle", "/api/v1/crl", "/api/v1/crl.pem")) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(app.url() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            served.put(path, response.body());
        }
        return served;
    }

    private HttpResponse<String> post(AppProcess app, String path, String bearer, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.url() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(AppProcess app, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.url() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void awaitStatus(AppProcess app, String path, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = 0;
        while (System.nanoTime() < deadline) {
            last = get(app, path).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " answered " + last + ", not " + status + ", for " + timeout);
    }
}
