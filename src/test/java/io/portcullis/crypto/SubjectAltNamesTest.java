package io.portcullis.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.SubjectAltName;
import io.portcullis.ca.SubjectAltName.Type;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SubjectAltNamesTest {

    static final String LABEL_63 = "a".repeat(63);

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of(Type.DNS, "door.home.example"),
                Arguments.of(Type.DNS, "localhost"),
                Arguments.of(Type.DNS, "*.home.example"),
                Arguments.of(Type.DNS, "xn--bcher-kva.example"),
                Arguments.of(Type.DNS, LABEL_63 + ".example"),
                Arguments.of(Type.DNS, String.join(".", LABEL_63, LABEL_63, LABEL_63, "a".repeat(61))),
                Arguments.of(Type.IP, "192.0.2.7"),
                Arguments.of(Type.IP, "0.0.0.0"),
                Arguments.of(Type.IP, "2001:db8::7"),
                Arguments.of(Type.IP, "::ffff:192.0.2.7"),
                Arguments.of(Type.EMAIL, "door@home.example"),
                Arguments.of(Type.URI, "https://home.example/door"),
                Arguments.of(Type.URI, "spiffe://home.example/door"),
                Arguments.of(Type.URI, "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"));
    }

    @ParameterizedTest(name = "{0}:{1}")
    @MethodSource("valid")
    void accepts(Type type, String value) {
        SubjectAltName san = new SubjectAltName(type, value);
        assertThat(SubjectAltNames.validate(san)).isSameAs(san);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(Type.DNS, ""),
                Arguments.of(Type.DNS, "Door.example"),
                Arguments.of(Type.DNS, "under_score.example"),
                Arguments.of(Type.DNS, "-lead.example"),
                Arguments.of(Type.DNS, "trail-.example"),
                Arguments.of(Type.DNS, "double..dot"),
                Arguments.of(Type.DNS, "trailing.dot."),
                Arguments.of(Type.DNS, "a".repeat(64) + ".example"),
                Arguments.of(Type.DNS, String.join(".", LABEL_63, LABEL_63, LABEL_63, "a".repeat(62))),
                Arguments.of(Type.DNS, "*.*.example"),
                Arguments.of(Type.DNS, "door.example\u0000.evil"),
                Arguments.of(Type.DNS, "https://home.example"),
                Arguments.of(Type.IP, "256.0.0.1"),
                Arguments.of(Type.IP, "1.2.3"),
                Arguments.of(Type.IP, "01.2.3.4"),
                Arguments.of(Type.IP, "home.example"),
                Arguments.of(Type.IP, "fe80::1%eth0"),
                Arguments.of(Type.IP, ":::"),
                Arguments.of(Type.EMAIL, "no-at-sign"),
                Arguments.of(Type.EMAIL, "a@b@c.example"),
                Arguments.of(Type.EMAIL, "a b@c.example"),
                Arguments.of(Type.EMAIL, "a\u0000@c.example"),
                Arguments.of(Type.EMAIL, "x".repeat(250) + "@c.example"),
                Arguments.of(Type.URI, "relative/path"),
                Arguments.of(Type.URI, "https://bad host/"),
                Arguments.of(Type.URI, "https://x.example/\u0000"));
    }

    @ParameterizedTest(name = "{0}:{1}")
    @MethodSource("invalid")
    void refusesAsBadCsr(Type type, String value) {
        assertThatThrownBy(() -> SubjectAltNames.validate(new SubjectAltName(type, value)))
                .isInstanceOfSatisfying(CaException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.BAD_CSR);
                    assertThat(e.detail()).doesNotContain("\u0000").hasSizeLessThan(200);
                });
    }

    @Test
    void encodesAndDecodesEveryType() {
        List<SubjectAltName> sans = List.of(SubjectAltName.parse("DNS:door.example"), SubjectAltName.parse("IP:192.0.2.7"),
                SubjectAltName.parse("email:a@b.example"), SubjectAltName.parse("URI:https://x.example/"));
        org.bouncycastle.asn1.x509.ExtensionsGenerator generator = new org.bouncycastle.asn1.x509.ExtensionsGenerator();
        try {
            generator.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
                    SubjectAltNames.toGeneralNames(sans));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(SubjectAltNames.fromExtensions(generator.generate())).isEqualTo(sans);
        assertThat(SubjectAltNames.fromExtensions(null)).isEmpty();
    }
}
