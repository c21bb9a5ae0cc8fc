package io.portcullis.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.ca.trust.CrlPublisher;
import io.portcullis.support.Database;
import io.portcullis.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CRL against a moving clock: while the database is reachable the served CRL keeps at least
 * half of its validity over several periods; when a refresh cannot happen, the metrics and the
 * {@code crl} health check say so days before nextUpdate, and recover once it can.
 */
@QuarkusTest
class CrlClockTest {

    static final Duration VALIDITY = Duration.ofDays(7);
    /** {@code PanacheCrlStore.CRL_LOCK}: holding it is a refresh that hangs (as behind a stuck replica). */
    static final long CRL_LOCK = 0x504f5254_0002L;

    @Inject
    TestClock clock;

    @Inject
    CrlPublisher publisher;

    @AfterEach
    void resetClock() {
        clock.reset();
        // twice: the first CRL after the moved clock drops entries that expire before the moved time
        publisher.publish("test");
        publisher.publish("test"); // leave a complete CRL valid in real time for the other test classes
    }

    @Test
    void theServedCrlKeepsAtLeastHalfItsValidityOverThreePeriods() throws Exception {
        publisher.publish("test");
        Duration step = Duration.ofHours(30);
        Duration minimum = VALIDITY;
        int steps = 0;
        for (Duration moved = Duration.ZERO; moved.compareTo(VALIDITY.multipliedBy(3)) < 0; moved = moved.plus(step)) {
            clock.advance(step);
            steps++;
            // a jump of 30 hours stands for 1,800 scheduler ticks; the service gets one to catch up
            Duration remaining = awaitRemainingAtLeast(VALIDITY.dividedBy(2), Duration.ofSeconds(10));
            minimum = remaining.compareTo(minimum) < 0 ? remaining : minimum;
        }
        System.out.printf("[reliability] clock: %d jumps of %s over 3 CRL periods of %s; the served CRL kept at least %s"
                + " (%.0f%% of its validity)%n", steps, step, VALIDITY, minimum, 100.0 * minimum.getSeconds() / VALIDITY.getSeconds());
    }

    @Test
    void metricsAndHealthTellARefreshThatCannotHappenDaysBeforeNextUpdate() throws Exception {
        publisher.publish("test");
        assertThat(crlCheck().getString("status")).isEqualTo("UP");
        assertThat(metric("portcullis_crl_refresh_overdue_seconds")).isZero();

        try (Connection holder = Database.connect(Database.TEST_DB); Statement lock = holder.createStatement()) {
            lock.execute("SELECT pg_advisory_lock(" + CRL_LOCK + ")");
            try {
                // five hours past the half-life refresh: the gauge says so, the check tolerates it
                clock.advance(VALIDITY.dividedBy(2).plusHours(5));
                Thread.sleep(2_000); // the scheduler's tick is now stuck behind the lock
                assertThat(metric("portcullis_crl_refresh_overdue_seconds")).isBetween(5 * 3600.0, 5 * 3600.0 + 60);
                assertThat(crlCheck().getString("status")).isEqualTo("UP");

                // twelve hours past: beyond a sixteenth of the validity, the check goes DOWN with three days left
                clock.advance(Duration.ofHours(7));
                JsonPath down = crlCheck();
                assertThat(down.getString("status")).isEqualTo("DOWN");
                assertThat(down.getLong("data.overdueSeconds")).isBetween(12 * 3600L, 12 * 3600L + 60);
                given().get("/q/health/well").then().statusCode(503);
                double left = metric("portcullis_crl_seconds_until_next_update");
                assertThat(left).as("seconds before nextUpdate when health went DOWN")
                        .isGreaterThan(Duration.ofDays(2).getSeconds());
                System.out.printf("[reliability] clock: refresh blocked; portcullis_crl_refresh_overdue_seconds > 0 from the"
                        + " half-life on, health check crl DOWN at 12 h overdue with %.1f days before nextUpdate%n", left / 86400);
            } finally {
                lock.execute("SELECT pg_advisory_unlock(" + CRL_LOCK + ")");
            }
        }
        // the stuck tick proceeds: a fresh CRL, health UP again
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!"UP".equals(crlCheck().getString("status")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(crlCheck().getString("status")).isEqualTo("UP");
        assertThat(metric("portcullis_crl_refresh_overdue_seconds")).isZero();
    }

    /** Waits until the CRL served at /api/v1/crl has at least {@code half} left by the moved clock; returns what it has. */
    private Duration awaitRemainingAtLeast(Duration half, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration remaining;
        do {
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(
                    new ByteArrayInputStream(given().get("/api/v1/crl").then().statusCode(200).extract().asByteArray()));
            remaining = Duration.between(clock.instant(), crl.getNextUpdate().toInstant());
            if (remaining.compareTo(half) >= 0) {
                return remaining;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the served CRL has only " + remaining + " left, less than half of " + VALIDITY);
    }

    private static JsonPath crlCheck() {
        JsonPath health = given().get("/q/health/well").then().extract().jsonPath();
        return health.setRootPath("checks.find { it.name == 'crl' }");
    }

    private static double metric(String name) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.E+-]+)$").matcher(metrics);
        assertThat(m.find()).as(name + " in /q/metrics").isTrue();
        return Double.parseDouble(m.group(2));
    }
}
