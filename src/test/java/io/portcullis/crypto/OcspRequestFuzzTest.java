package io.portcullis.crypto;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.CaKeyAlgorithm;
import io.portcullis.ca.CertificateStatuses;
import io.portcullis.ca.Revocation;
import io.portcullis.ca.RevocationReason;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Any OCSP request body gets an OCSP response (a signed one or {@code malformedRequest}), never an
 * exception. Seeds are openssl-made requests in {@code OcspRequestFuzzTestInputs/respond}.
 */
class OcspRequestFuzzTest {

    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final BouncyCastleOcspResponder RESPONDER = responder();

    @FuzzTest(maxDuration = "15s")
    void respond(byte @NotNull [] request) {
        if (RESPONDER.respond(request).length == 0) {
            throw new AssertionError("empty OCSP response");
        }
    }

    private static BouncyCastleOcspResponder responder() {
        ActiveCa activeCa = InMemoryCa.active("CN=Fuzz CA", NOW, BothProviders.AWS_LC, CaKeyAlgorithm.EC_P256);
        // every status without a database: odd serials revoked for keyCompromise, even ones good
        CertificateStatuses statuses = new CertificateStatuses(null, null) {
            @Override
            public Status of(BigInteger serial) {
                return serial.testBit(0)
                        ? new Status(Status.Kind.REVOKED, new Revocation(NOW, RevocationReason.KEY_COMPROMISE, "fuzz"))
                        : new Status(Status.Kind.GOOD, null);
            }
        };
        // answers are kept, as in production with the change feed listening
        return new BouncyCastleOcspResponder(activeCa, statuses, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1),
                BothProviders.AWS_LC, () -> BigInteger.ONE);
    }
}
