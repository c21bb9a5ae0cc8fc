package io.portcullis.api;

import io.portcullis.ca.trust.CrlPublisher;
import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.portcullis.support.TestClock;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the certificate, revocation and renewal tests share: an empty certificates table before each test, and
 * real time afterwards. A test that moved the clock may have published a CRL dated in the future,
 * so the clean-up publishes one valid now, whether the test passed or failed, for the classes after it.
 */
abstract class FreshCertificatesTest {

    final Openssl openssl = Openssl.inTempDir();

    @Inject
    TestClock clock;

    @Inject
    CrlPublisher publisher;

    @BeforeEach
    void emptyCertificates() {
        Database.execute(Database.TEST_DB, "TRUNCATE certificates, devices");
    }

    @AfterEach
    void backToRealTime() {
        boolean moved = Duration.between(Clock.systemUTC().instant(), clock.instant()).abs().toSeconds() > 1;
        clock.reset();
        if (moved) {
            publisher.publish("test");
        }
    }
}
