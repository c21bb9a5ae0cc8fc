package io.portcullis.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.AppProcess;
import io.portcullis.support.Database;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The CRL refresh schedule survives a restart in the middle of a period: the restarted service
 * neither republishes at once nor waits a full period, but refreshes at the stored CRL's half-life.
 * A packaged process cannot have its clock moved, so the test ages the stored CRL instead: it
 * shifts the {@code crls} row's times (which the schedule reads) into the past.
 */
class CrlScheduleRestartIT {

    static final String TOKEN = "schedule-it-admin-token-0123456789abcdefghijklmn";

    @Test
    void aRestartInTheMiddleOfAPeriodKeepsTheHalfLifeSchedule() throws Exception {
        String database = Database.fresh("crl_schedule");
        try (AppProcess first = app(database).start().awaitReady(Duration.ofMinutes(2))) {
            assertThat(crls(database)).as("the initial CRL").isEqualTo(1);
        }
        // the service was down for the first 20 minutes of the hour-long CRL's life
        age(database, 20);
        long restart = System.nanoTime();
        try (AppProcess restarted = app(database).start().awaitReady(Duration.ofMinutes(2))) {
            long readyMillis = (System.nanoTime() - restart) / 1_000_000;
            Thread.sleep(3_000); // three scheduler ticks
            assertThat(crls(database)).as("no refresh before the half-life").isEqualTo(1);
            double left = metric(restarted, "portcullis_crl_seconds_until_next_update");
            assertThat(left).as("the restarted service knows the aged CRL").isBetween(35 * 60.0, 40 * 60.0);

            // 31 minutes into the period: past the half-life, the running service refreshes within a tick or two
            age(database, 11);
            long due = System.nanoTime();
            while (crls(database) == 1 && System.nanoTime() - due < Duration.ofSeconds(15).toNanos()) {
                Thread.sleep(100);
            }
            long refreshMillis = (System.nanoTime() - due) / 1_000_000;
            assertThat(Database.count(database, "SELECT count(*) FROM crls WHERE number = 2 AND reason = 'crl-refresh'"))
                    .as("the half-life refresh").isEqualTo(1);
            System.out.printf("[reliability] clock: restarted 20 min into a 1 h CRL period (ready in %d ms): no refresh"
                    + " before the half-life, refreshed %d ms after it passed%n", readyMillis, refreshMillis);
        }
    }

    private static void age(String database, int minutes) {
        Database.execute(database, "UPDATE crls SET this_update = this_update - interval '" + minutes + " minutes',"
                + " next_update = next_update - interval '" + minutes + " minutes'");
    }

    private static long crls(String database) {
        return Database.count(database, "SELECT count(*) FROM crls");
    }

    private static double metric(AppProcess app, String name) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.url() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.E+-]+)$").matcher(metrics);
        assertThat(m.find()).as(name + " in /q/metrics").isTrue();
        return Double.parseDouble(m.group(2));
    }

    private static AppProcess app(String database) {
        return AppProcess.on(database)
                .env("PORTCULLIS_CA_PASSPHRASE", "schedule-it-passphrase")
                .env("PORTCULLIS_ADMIN_TOKEN", TOKEN)
                .env("PORTCULLIS_CRL_VALIDITY", "PT1H")
                .env("PORTCULLIS_CRL_CHECK_INTERVAL", "1s");
    }
}
