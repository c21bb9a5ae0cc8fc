package io.portcullis.ca;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The sliding estimate of two fixed windows and the wait until it falls below a limit. */
class RateWindowTest {

    @Test
    void thePreviousWindowWeighsByTheShareTheSlidingWindowStillCovers() {
        assertThat(new RateWindow(3, 10, 15, 60).estimate()).isEqualTo(3 + 10 * 0.75);
        assertThat(new RateWindow(3, 10, 60, 60).estimate()).isEqualTo(3);
        assertThat(new RateWindow(0, 0, 0, 60).estimate()).isZero();
    }

    @Test
    void belowTheLimitThereIsNoWait() {
        assertThat(new RateWindow(2, 0, 10, 60).secondsUntilBelow(3)).isZero();
    }

    @Test
    void overTheLimitWithinThisWindowTheWaitIsUntilThePreviousHitsFadeEnough() {
        // 10 * (1 - t / 60) + 2 < 5 once t > 42, and 12 seconds have passed: at 30 s it is 5, at 31 below
        RateWindow window = new RateWindow(2, 10, 12, 60);
        assertThat(window.secondsUntilBelow(5)).isEqualTo(31);
        assertThat(new RateWindow(2, 10, 42, 60).estimate()).isEqualTo(5);
        assertThat(new RateWindow(2, 10, 42.5, 60).estimate()).isLessThan(5);
    }

    @Test
    void thisWindowOverTheLimitWaitsIntoTheNextOne() {
        // 6 hits of a limit of 3: the next window, once 6 * (1 - s / 60) < 3, i.e. s > 30; 50 s are left of this one
        assertThat(new RateWindow(6, 0, 10, 60).secondsUntilBelow(3)).isEqualTo(81);
        assertThat(new RateWindow(3, 0, 59, 60).secondsUntilBelow(3)).as("just after the next window starts").isEqualTo(2);
    }
}
