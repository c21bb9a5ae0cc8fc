package io.portcullis.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.CaKeyAlgorithm;
import io.portcullis.ca.CertificateStatuses;
import io.portcullis.ca.Revocation;
import io.portcullis.ca.RevocationReason;
import io.portcullis.support.Openssl;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The responder's answers, signed by either provider, are what openssl verifies and are valid for the configured
 * time ({@code PORTCULLIS_OCSP_VALIDITY}); an answer is signed once and served again for the same CertID until the
 * CRL number moves (every revocation publishes a CRL) or half its validity has passed, never for a nonce, never
 * while the change feed is not listening, and never when it says unknown.
 */
class BouncyCastleOcspResponderTest {

    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final BigInteger SERIAL = BigInteger.valueOf(0x1234);

    /** Statuses set by the test; unset serials are good. */
    private final Map<BigInteger, CertificateStatuses.Status> statuses = new ConcurrentHashMap<>();
    private final CertificateStatuses lookup = new CertificateStatuses(null, null) {
        @Override
        public Status of(BigInteger serial) {
            return statuses.getOrDefault(serial, new Status(Status.Kind.GOOD, null));
        }
    };
    private final AtomicReference<BigInteger> crlNumber = new AtomicReference<>(BigInteger.ONE);

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.portcullis.crypto.BothProviders#both")
    void nextUpdateIsThisUpdatePlusTheConfiguredValidityAndOpensslVerifiesIt(CryptoProvider crypto) throws Exception {
        ActiveCa activeCa = InMemoryCa.active("CN=OCSP Test CA", NOW, crypto, CaKeyAlgorithm.EC_P256);
        byte[] request = request(activeCa, SERIAL, null);

        for (Duration validity : new Duration[] {Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(7)}) {
            BouncyCastleOcspResponder responder = new BouncyCastleOcspResponder(activeCa, lookup,
                    Clock.fixed(NOW, ZoneOffset.UTC), validity, crypto, crlNumber::get);
            SingleResp answer = single(responder.respond(request));
            assertThat(answer.getThisUpdate().toInstant()).isEqualTo(NOW);
            assertThat(answer.getNextUpdate().toInstant()).as("nextUpdate for %s", validity).isEqualTo(NOW.plus(validity));
        }

        ActiveCa now = InMemoryCa.active("CN=OCSP Test CA", Instant.now(), crypto, CaKeyAlgorithm.RSA_2048);
        BouncyCastleOcspResponder responder = new BouncyCastleOcspResponder(now, lookup, Clock.systemUTC(), Duration.ofHours(1),
                crypto, crlNumber::get);
        Openssl openssl = Openssl.inTempDir();
        openssl.write("ca.pem", now.require().certificate().pem());
        openssl.writeBytes("resp.der", responder.respond(request(now, SERIAL, null)));
        assertThat(openssl.ok("ocsp", "-respin", "resp.der", "-CAfile", "ca.pem", "-resp_text"))
                .contains("Response verify OK").contains("Cert Status: good");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.portcullis.crypto.BothProviders#both")
    void theSameCertIdGetsTheSameBytesUntilARevocationMovesTheCrlNumber(CryptoProvider crypto) throws Exception {
        ActiveCa activeCa = InMemoryCa.active("CN=OCSP Cache CA", NOW, crypto, CaKeyAlgorithm.EC_P256);
        MovableClock clock = new MovableClock();
        BouncyCastleOcspResponder responder = kept(activeCa, clock, crypto);
        byte[] request = request(activeCa, SERIAL, null);

        byte[] first = responder.respond(request);
        clock.advance(Duration.ofMinutes(10));
        assertThat(responder.respond(request)).as("signed once, served again").isEqualTo(first);

        // a revocation: the status changes and the CRL number with it, in one transaction
        statuses.put(SERIAL, new CertificateStatuses.Status(CertificateStatuses.Status.Kind.REVOKED,
                new Revocation(NOW, RevocationReason.KEY_COMPROMISE, "test")));
        crlNumber.set(BigInteger.TWO);
        SingleResp revoked = single(responder.respond(request));
        assertThat(revoked.getCertStatus()).isInstanceOf(RevokedStatus.class);
        assertThat(revoked.getThisUpdate().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.portcullis.crypto.BothProviders#both")
    void aKeptAnswerIsReplacedOnceHalfItsValidityHasPassed(CryptoProvider crypto) throws Exception {
        ActiveCa activeCa = InMemoryCa.active("CN=OCSP Cache CA", NOW, crypto, CaKeyAlgorithm.EC_P256);
        MovableClock clock = new MovableClock();
        BouncyCastleOcspResponder responder = kept(activeCa, clock, crypto);
        byte[] request = request(activeCa, SERIAL, null);

        byte[] first = responder.respond(request);
        clock.advance(Duration.ofMinutes(29).plusSeconds(59));
        assertThat(responder.respond(request)).isEqualTo(first);
        clock.advance(Duration.ofSeconds(1));
        assertThat(single(responder.respond(request)).getThisUpdate().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.portcullis.crypto.BothProviders#both")
    void nonceUnknownAndAFeedThatIsNotListeningGetFreshAnswers(CryptoProvider crypto) throws Exception {
        ActiveCa activeCa = InMemoryCa.active("CN=OCSP Cache CA", NOW, crypto, CaKeyAlgorithm.EC_P256);
        MovableClock clock = new MovableClock();
        BouncyCastleOcspResponder kept = kept(activeCa, clock, crypto);
        BouncyCastleOcspResponder notListening = new BouncyCastleOcspResponder(activeCa, lookup, clock, Duration.ofHours(1),
                crypto, () -> null);

        byte[] withNonce = kept.respond(request(activeCa, SERIAL, new byte[] {1, 2, 3, 4}));
        byte[] otherNonce = kept.respond(request(activeCa, SERIAL, new byte[] {5, 6, 7, 8}));
        assertThat(nonce(otherNonce)).isEqualTo(new byte[] {5, 6, 7, 8}).isNotEqualTo(nonce(withNonce));

        BigInteger reserved = BigInteger.valueOf(0x777);
        statuses.put(reserved, new CertificateStatuses.Status(CertificateStatuses.Status.Kind.UNKNOWN, null));
        kept.respond(request(activeCa, reserved, null));
        statuses.remove(reserved); // its certificate was stored
        assertThat(single(kept.respond(request(activeCa, reserved, null))).getCertStatus()).isNull(); // null is good

        byte[] first = notListening.respond(request(activeCa, SERIAL, null));
        clock.advance(Duration.ofSeconds(1));
        assertThat(notListening.respond(request(activeCa, SERIAL, null))).isNotEqualTo(first);
    }

    /** A clock that stands still at {@link #NOW} until moved. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = NOW;

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** A responder valid for an hour that keeps answers under {@link #crlNumber}. */
    private BouncyCastleOcspResponder kept(ActiveCa activeCa, Clock clock, CryptoProvider crypto) {
        return new BouncyCastleOcspResponder(activeCa, lookup, clock, Duration.ofHours(1), crypto, crlNumber::get);
    }

    private static byte[] request(ActiveCa activeCa, BigInteger serial, byte[] nonce) throws Exception {
        X509CertificateHolder caHolder = new X509CertificateHolder(activeCa.require().certificate().der());
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().setProvider(Bc.PROVIDER).build()
                .get(CertificateID.HASH_SHA1), caHolder, serial);
        OCSPReqBuilder builder = new OCSPReqBuilder().addRequest(id);
        if (nonce != null) {
            builder.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(new DEROctetString(nonce).getEncoded()))));
        }
        return builder.build().getEncoded();
    }

    private static BasicOCSPResp basic(byte[] response) throws Exception {
        return (BasicOCSPResp) new OCSPResp(response).getResponseObject();
    }

    private static SingleResp single(byte[] response) throws Exception {
        return basic(response).getResponses()[0];
    }

    private static byte[] nonce(byte[] response) throws Exception {
        return org.bouncycastle.asn1.ASN1OctetString.getInstance(
                basic(response).getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue().getOctets()).getOctets();
    }
}
