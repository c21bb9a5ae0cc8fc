package io.portcullis.ca.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CrlFreshnessTest {

    static final Instant THIS_UPDATE = Instant.parse("2026-01-01T00:00:00Z");
    static final PublishedCrl WEEK = new PublishedCrl(BigInteger.ONE, THIS_UPDATE, THIS_UPDATE.plus(Duration.ofDays(7)), new byte[0]);

    @Test
    void freshUntilTheHalfLifeThenOverdueThenStaleAfterASixteenthOfTheValidity() {
        Instant halfLife = THIS_UPDATE.plus(Duration.ofHours(84));
        CrlFreshness fresh = CrlFreshness.of(WEEK, halfLife.minusSeconds(1));
        assertThat(fresh.refreshDue()).isEqualTo(halfLife);
        assertThat(fresh.overdue()).isZero();
        assertThat(fresh.stale()).isFalse();

        CrlFreshness late = CrlFreshness.of(WEEK, halfLife.plus(Duration.ofHours(10)));
        assertThat(late.overdue()).isEqualTo(Duration.ofHours(10));
        assertThat(late.stale()).as("10 h late of 10.5 h grace").isFalse();

        CrlFreshness stale = CrlFreshness.of(WEEK, halfLife.plus(Duration.ofHours(10).plusMinutes(31)));
        assertThat(stale.stale()).isTrue();
        assertThat(Duration.between(halfLife.plus(Duration.ofHours(10).plusMinutes(31)), stale.nextUpdate()))
                .as("left when it turns stale").isGreaterThan(Duration.ofDays(3));
    }
}
