package io.portcullis.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.ca.CaException;
import io.portcullis.ca.CertificateRequest;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.SubjectAltName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What an enrollment token binds a CSR to, without the database: the token's name, and its SANs at most. */
class TokenBindingTest {

    private static final EnrollmentToken TOKEN = new EnrollmentToken("t1", "device-7.example",
            sans("DNS:device-7.example", "IP:2001:db8::7", "email:Ops@Example.org", "URI:urn:device:7"),
            Duration.ofDays(30), 1, 1, Approval.AUTO, Instant.now().plusSeconds(3600), "admin", Instant.now());

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "DNS:DEVICE-7.example", "IP:2001:0db8:0:0:0:0:0:7", "email:ops@example.org",
            "URI:urn:device:7,DNS:device-7.example"})
    void namesTheTokenAllowsInAnySpellingOfTheirType(String requested) {
        assertThatCode(() -> TokenBinding.requireBound(TOKEN, csr("device-7.example", requested))).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"DNS:device-8.example", "IP:2001:db8::8", "URI:URN:DEVICE:7", "DNS:device-7.example,IP:192.0.2.7"})
    void namesBeyondTheTokenAreRefused(String requested) {
        assertRefused(csr("device-7.example", requested),
                "The CSR names subject alternative names this enrollment token does not allow.");
    }

    @Test
    void anotherCommonNameOrNoneIsRefused() {
        assertRefused(csr("device-8.example", ""), "The CSR's common name must be the one this enrollment token was issued for.");
        assertRefused(csr(null, "DNS:device-7.example"),
                "The CSR's common name must be the one this enrollment token was issued for.");
    }

    private static void assertRefused(CertificateRequest csr, String detail) {
        assertThatThrownBy(() -> TokenBinding.requireBound(TOKEN, csr)).isInstanceOfSatisfying(CaException.class, e -> {
            assertThat(e.type()).isEqualTo(ErrorType.REJECTED_IDENTIFIER);
            assertThat(e.detail()).isEqualTo(detail);
        });
    }

    private static CertificateRequest csr(String commonName, String sans) {
        return new CertificateRequest(new byte[0], null, new byte[0], commonName == null ? "" : "CN=" + commonName,
                commonName, sans(sans.isEmpty() ? new String[0] : sans.split(",")), null, "EC-P256", "00");
    }

    /** As written, without the normalising of {@link SubjectAltName#parse}: a CSR's spelling is its own. */
    private static List<SubjectAltName> sans(String... texts) {
        return Stream.of(texts).map(t -> new SubjectAltName(Stream.of(SubjectAltName.Type.values())
                .filter(type -> type.prefix().equals(t.substring(0, t.indexOf(':')))).findFirst().orElseThrow(),
                t.substring(t.indexOf(':') + 1))).toList();
    }
}
