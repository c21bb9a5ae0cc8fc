package io.portcullis.it;

import static io.portcullis.support.JsonFields.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.AppProcess;
import io.portcullis.support.Openssl;
import io.portcullis.support.PrivatePostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarts while the service is idle with {@value #CONNECTIONS} pooled connections (a private
 * cluster, {@code pg_ctl stop -m immediate}), the case that leaves every pooled connection dead without any
 * request noticing: once PostgreSQL accepts connections again, light traffic (an issuance and a readiness
 * probe every {@value #PACE_MILLIS} ms) gets no 500, and issuing and readiness are back within
 * {@value #BACK_WITHIN_MILLIS} ms and stay back.
 */
class DatabaseRestartIT {

    static final String TOKEN = "restart-it-admin-token-0123456789abcdefghijklmnop";
    static final long BACK_WITHIN_MILLIS = 5_000;
    static final long PACE_MILLIS = 1_000;
    /** Pooled connections that sit idle, dead, after the restart (the pool holds at most 20). */
    static final int CONNECTIONS = 16;
    /** The CRL generation lock (persistence/PanacheCrlStore.CRL_LOCK). */
    static final long CRL_LOCK = 0x504f5254_0002L;
    static final long OBSERVE_MILLIS = 10_000;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** One request after the restart: which, when it started (ms after PostgreSQL accepted connections), status. */
    record Probe(String what, long startedMillis, int status, String body) {
    }

    @Test
    void issuingAndReadinessAreBackWithinSecondsOfPostgresAcceptingConnections() throws Exception {
        Openssl openssl = Openssl.inTempDir();
        String csr = openssl.read(openssl.newCsr("restart", "ec:P-256", "/CN=restart.example"));
        String order = "{\"csr\":\"" + csr.replace("\n", "\\n") + "\"}";
        try (PrivatePostgres pg = PrivatePostgres.start("portcullis");
                AppProcess app = AppProcess.on("unused")
                        .env("QUARKUS_DATASOURCE_JDBC_URL", pg.jdbcUrl("portcullis"))
                        .env("PORTCULLIS_CA_PASSPHRASE", "restart-it-passphrase")
                        .env("PORTCULLIS_ADMIN_TOKEN", TOKEN)
                        .env("PORTCULLIS_CRL_CHECK_INTERVAL", "60s")
                        .start().awaitReady(Duration.ofMinutes(2))) {
            // revocations queue behind the CRL lock, which the test holds: each holds a pooled connection meanwhile,
            // so the pool grows to CONNECTIONS, and once the lock is released they all go back to sit idle
            List<String> serials = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                HttpResponse<String> issued = issue(app, order);
                assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
                serials.add(field(issued.body(), "serialNumber"));
            }
            ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
            List<Future<HttpResponse<String>>> revocations = new ArrayList<>();
            try (Connection lock = pg.connect("portcullis"); Statement s = lock.createStatement()) {
                s.execute("SELECT pg_advisory_lock(" + CRL_LOCK + ")");
                for (String serial : serials) {
                    revocations.add(pool.submit(() -> post(app, "/api/v1/certificates/" + serial + "/revoke",
                            "{\"reason\":\"superseded\"}")));
                }
                awaitWaitingForTheLock(pg, CONNECTIONS);
            }
            for (Future<HttpResponse<String>> revocation : revocations) {
                assertThat(revocation.get().statusCode()).as(revocation.get().body()).isEqualTo(200);
            }
            pool.shutdown();

            pg.crash();
            pg.startServer(); // returns once PostgreSQL accepts connections
            long back = System.nanoTime();

            List<Probe> probes = new ArrayList<>();
            while (millisSince(back) < OBSERVE_MILLIS) {
                long next = millisSince(back) + PACE_MILLIS;
                probes.add(probe("issue", back, () -> issue(app, order)));
                probes.add(probe("ready", back, () -> get(app, "/q/health/ready")));
                long wait = next - millisSince(back);
                if (wait > 0) {
                    Thread.sleep(wait); // the traffic's pace, not a wait for a condition
                }
            }

            List<String> failures = probes.stream().filter(p -> p.status() >= 300)
                    .map(p -> p.what() + " at " + p.startedMillis() + " ms: " + p.status()).toList();
            long issuingBack = backAfter(probes, "issue");
            long readyBack = backAfter(probes, "ready");
            System.out.printf("[reliability] database restart while idle (pg_ctl -m immediate): %d requests in the %d s"
                            + " after PostgreSQL accepted connections with %d idle pooled connections, %d failed %s, none with 500;"
                            + " issuing back after %d ms, readiness UP after %d ms (limit %d ms)%n", probes.size(),
                    OBSERVE_MILLIS / 1000, CONNECTIONS, failures.size(), failures,
                    issuingBack, readyBack, BACK_WITHIN_MILLIS);
            assertThat(probes).as("no 5xx other than 503, and never a connection failure")
                    .noneMatch(p -> p.status() == 0 || p.status() >= 500 && p.status() != 503);
            assertThat(probes).as("503s are problems").filteredOn(p -> p.what().equals("issue") && p.status() == 503)
                    .allMatch(p -> p.body().contains("serverInternal"));
            assertThat(issuingBack).as("ms until every later issuance succeeded; %s", probes)
                    .isLessThanOrEqualTo(BACK_WITHIN_MILLIS);
            assertThat(readyBack).as("ms until readiness stayed UP; %s", probes).isLessThanOrEqualTo(BACK_WITHIN_MILLIS);
        }
    }

    /** When, after the restart, the given requests last failed: from then on every one succeeded. */
    private static long backAfter(List<Probe> probes, String what) {
        long back = 0;
        for (Probe p : probes) {
            if (p.what().equals(what) && p.status() >= 300) {
                back = p.startedMillis() + PACE_MILLIS;
            }
        }
        return back;
    }

    private interface Call {
        HttpResponse<String> send() throws Exception;
    }

    private static Probe probe(String what, long back, Call call) {
        long started = millisSince(back);
        try {
            HttpResponse<String> response = call.send();
            return new Probe(what, started, response.statusCode(), response.body());
        } catch (IOException e) {
            return new Probe(what, started, 0, e.toString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> issue(AppProcess app, String order) throws Exception {
        return post(app, "/api/v1/certificates", order);
    }

    private HttpResponse<String> post(AppProcess app, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.url() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until {@code n} sessions wait for the CRL advisory lock. */
    private static void awaitWaitingForTheLock(PrivatePostgres pg, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long waiting = 0;
        try (Connection c = pg.connect("portcullis"); Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
                    rs.next();
                    waiting = rs.getLong(1);
                }
                if (waiting >= n) {
                    return;
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError(waiting + " of " + n + " revocations wait for the CRL lock after 60 s");
    }

    private HttpResponse<String> get(AppProcess app, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.url() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
