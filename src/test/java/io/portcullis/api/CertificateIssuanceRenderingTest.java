package io.portcullis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.api.auth.CurrentActor;
import io.portcullis.api.dto.CertificateResponse;
import io.portcullis.api.dto.IssueCertificateRequest;
import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.Actor;
import io.portcullis.ca.CaCertificate;
import io.portcullis.ca.CaException;
import io.portcullis.ca.CertificateRecord;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.Hashes;
import io.portcullis.ca.Pem;
import io.portcullis.enrollment.CredentialScope;
import io.portcullis.support.Openssl;
import io.portcullis.support.OpensslCa;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate endpoint without a database: it reads the lifetime, makes one call to the core's
 * issuance with the caller and its scope, and renders the committed certificate (or lets the core's
 * refusal through untouched).
 */
class CertificateIssuanceRenderingTest {

    private static final Actor ISSUER = new Actor("c-1", "issuer");
    private static final CredentialScope SCOPE = CredentialScope.UNRESTRICTED;

    @TempDir
    Path dir;

    private final List<Call> calls = new ArrayList<>();
    private final CertificateResource resource = new CertificateResource();
    private CertificateRecord record;
    private CaCertificate ca;

    private record Call(byte[] csr, Duration lifetime, Actor caller, CredentialScope scope) {
    }

    @BeforeEach
    void wire() throws Exception {
        Openssl openssl = new Openssl(dir);
        OpensslCa testCa = OpensslCa.create(openssl, "render");
        ca = new CaCertificate(x509(Files.readAllBytes(testCa.certificate())), "ec");
        X509Certificate leaf = x509(Files.readAllBytes(testCa.issue("door")));
        Instant issuedAt = leaf.getNotBefore().toInstant();
        record = new CertificateRecord(new BigInteger("7a11", 16), "CN=door", "door", List.of(), issuedAt,
                leaf.getNotAfter().toInstant(), "ec", Hashes.sha256Hex(leaf.getEncoded()), "spki", leaf.getEncoded(),
                "issuer:c-1", issuedAt, null, null, "d-1");
        ActiveCa activeCa = new ActiveCa();
        activeCa.activate(ca, null);
        resource.activeCa = activeCa;
        resource.clock = Clock.fixed(issuedAt.plusSeconds(60), ZoneOffset.UTC);
        resource.actor = new CurrentActor() {
            @Override
            public Actor get() {
                return ISSUER;
            }

            @Override
            public CredentialScope scope() {
                return SCOPE;
            }
        };
        resource.issuance = (csr, lifetime, caller, scope) -> {
            calls.add(new Call(csr, lifetime, caller, scope));
            return record;
        };
    }

    @Test
    void aRawCsrIsIssuedInOneCallAndRenderedAsCreated() {
        byte[] csr = {0x30, 0x03, 0x02, 0x01, 0x01};
        Response response = resource.issueRaw(csr, 3, null);

        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.csr()).isEqualTo(csr);
            assertThat(call.lifetime()).isEqualTo(Duration.ofDays(3));
            assertThat(call.caller()).isEqualTo(ISSUER);
            assertThat(call.scope()).isSameAs(SCOPE);
        });
        assertThat(response.getStatus()).isEqualTo(201);
        assertThat(response.getHeaderString("Location")).isEqualTo("/api/v1/certificates/7a11");
        CertificateResponse body = (CertificateResponse) response.getEntity();
        assertThat(body.serialNumber()).isEqualTo("7a11");
        assertThat(body.status()).isEqualTo("valid");
        assertThat(body.chain()).isEqualTo(Pem.certificate(record.der()) + ca.pem());
    }

    @Test
    void aJsonCsrReachesTheCoreAsItsAsciiBytesWithTheIsoLifetime() {
        String pem = "-----BEGIN CERTIFICATE REQUEST-----";
        resource.issueJson(new IssueCertificateRequest(pem, null, "PT8H"));

        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(new String(call.csr(), StandardCharsets.US_ASCII)).isEqualTo(pem);
            assertThat(call.lifetime()).isEqualTo(Duration.ofHours(8));
        });
    }

    @Test
    void aMalformedLifetimeIsRefusedBeforeTheCoreIsCalled() {
        assertThatThrownBy(() -> resource.issueRaw(new byte[] {1}, 3, "PT8H"))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.MALFORMED));
        assertThat(calls).isEmpty();
    }

    @Test
    void theCoresRefusalReachesTheMapperUnchanged() {
        CaException refusal = new CaException(ErrorType.REJECTED_IDENTIFIER, "This credential may not issue for 'x'.");
        resource.issuance = (csr, lifetime, caller, scope) -> {
            throw refusal;
        };
        assertThatThrownBy(() -> resource.issueRaw(new byte[] {1}, null, null)).isSameAs(refusal);
    }

    private static X509Certificate x509(byte[] encoded) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(encoded));
    }
}
