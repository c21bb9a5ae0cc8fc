package io.portcullis.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.CertificateStatuses;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;

/** The responder's answers are valid for the configured time ({@code PORTCULLIS_OCSP_VALIDITY}), no longer. */
class BouncyCastleOcspResponderTest {

    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");

    @Test
    void nextUpdateIsThisUpdatePlusTheConfiguredValidity() throws Exception {
        ActiveCa activeCa = InMemoryCa.active("CN=OCSP Test CA", NOW);
        CertificateStatuses allGood = new CertificateStatuses(null, null) {
            @Override
            public Status of(BigInteger serial) {
                return new Status(Status.Kind.GOOD, null);
            }
        };
        X509CertificateHolder caHolder = new X509CertificateHolder(activeCa.require().certificate().der());
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().setProvider(Bc.PROVIDER).build()
                .get(CertificateID.HASH_SHA1), caHolder, BigInteger.valueOf(0x1234));
        byte[] request = new OCSPReqBuilder().addRequest(id).build().getEncoded();

        for (Duration validity : new Duration[] {Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(7)}) {
            BouncyCastleOcspResponder responder = new BouncyCastleOcspResponder(activeCa, allGood,
                    Clock.fixed(NOW, ZoneOffset.UTC), validity);
            SingleResp answer = ((BasicOCSPResp) new OCSPResp(responder.respond(request)).getResponseObject()).getResponses()[0];
            assertThat(answer.getThisUpdate().toInstant()).isEqualTo(NOW);
            assertThat(answer.getNextUpdate().toInstant()).as("nextUpdate for %s", validity).isEqualTo(NOW.plus(validity));
        }
    }
}
