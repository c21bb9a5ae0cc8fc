package io.portcullis.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.AppProcess;
import io.portcullis.support.Database;
import io.portcullis.support.PrivatePostgres;
import io.portcullis.support.RawHttp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The refused-credential limit holds across two packaged replicas on one database: guesses split over
 * both are refused once the shared limit is reached (each replica kept its own count before, so two
 * replicas allowed twice as many), and with the database gone each replica falls back to its own
 * limit: 401 then 429, never a 500.
 */
class FailedAuthReplicasIT {

    static final String TOKEN = "failed-auth-it-admin-token-0123456789abcdefghijk";
    static final int LIMIT = 6;

    @Test
    void guessesSplitOverTwoReplicasShareOneLimit() throws Exception {
        String database = Database.fresh("failed_auth");
        try (AppProcess a = app(database).start(); AppProcess b = app(database).start()) {
            a.awaitReady(Duration.ofMinutes(3));
            b.awaitReady(Duration.ofMinutes(3));
            AppProcess[] replicas = {a, b};
            String guesser = "127.0.0.71";
            List<Integer> statuses = new ArrayList<>();
            int refused = 0;
            for (int i = 0; i < 2 * LIMIT; i++) {
                int status = guess(replicas[i % 2], guesser).status();
                statuses.add(status);
                if (status == 401) {
                    refused++;
                    awaitRecorded(database, guesser, refused);
                }
            }
            // after the limit, each other replica evaluates at most one more guess before it learns
            assertThat(refused).as("guesses evaluated over both replicas: %s", statuses).isBetween(LIMIT, LIMIT + 1);
            assertThat(statuses.subList(LIMIT + 1, statuses.size())).as("%s", statuses).containsOnly(429);
            for (AppProcess replica : replicas) {
                RawHttp.Response limited = get(replica, guesser, TOKEN);
                assertThat(limited.status()).as("a valid token from the guessing address").isEqualTo(429);
                assertThat(limited.body()).contains("urn:ietf:params:acme:error:rateLimited").contains("refused tokens");
                assertThat(limited.header("Retry-After")).matches("[1-9][0-9]*");
                assertThat(get(replica, "127.0.0.72", TOKEN).status()).as("another address").isEqualTo(200);
            }
        }
    }

    @Test
    void withoutTheDatabaseEachReplicaFallsBackToItsOwnLimitAndNever500() throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.start("portcullis");
                AppProcess app = app("unused").env("QUARKUS_DATASOURCE_JDBC_URL", pg.jdbcUrl("portcullis"))
                        .start().awaitReady(Duration.ofMinutes(3))) {
            pg.crash();
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < LIMIT + 2; i++) {
                // a token of no known shape is refused without a lookup, so the only database use is the counter
                statuses.add(get(app, "127.0.0.73", "not-a-token-" + i).status());
            }
            assertThat(statuses.subList(0, LIMIT)).as("%s", statuses).containsOnly(401);
            assertThat(statuses.subList(LIMIT, statuses.size())).as("%s", statuses).containsOnly(429);
            // the counter gives up after the pool's connection timeout, in the background, and says so once
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!app.log().contains("Shared rate limits unreachable") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(app.log()).contains("Shared rate limits unreachable");
        }
    }

    private static AppProcess app(String database) {
        return AppProcess.on(database)
                .env("PORTCULLIS_CA_PASSPHRASE", "failed-auth-it-passphrase")
                .env("PORTCULLIS_ADMIN_TOKEN", TOKEN)
                .env("PORTCULLIS_RATE_LIMIT_FAILED_AUTH_CAPACITY", Integer.toString(LIMIT))
                .env("PORTCULLIS_RATE_LIMIT_FAILED_AUTH_REFILL_PER_MINUTE", "1");
    }

    private static RawHttp.Response guess(AppProcess replica, String from) {
        return get(replica, from, "pcc_" + UUID.randomUUID().toString().replace("-", "") + "AAAAAAAAAAA");
    }

    private static RawHttp.Response get(AppProcess replica, String from, String token) {
        return RawHttp.send(from, replica.port(), "GET", "/api/v1/certificates?size=1", null, "Authorization: Bearer " + token);
    }

    /**
     * Waits until the shared counter holds {@code n} refusals of {@code address}: a refusal is counted
     * after its 401 is written, and the next guess should meet it. Without the table there is nothing to wait for.
     */
    private static void awaitRecorded(String database, String address, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = Database.connect(database);
                    PreparedStatement ps = c.prepareStatement(
                            "SELECT hits + previous_hits FROM rate_limit_windows WHERE key = ?")) {
                ps.setString(1, "failed-auth:" + address);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getLong(1) >= n) {
                        return;
                    }
                }
            } catch (SQLException noTable) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("refusal " + n + " of " + address + " was not counted within 10 s");
    }
}
