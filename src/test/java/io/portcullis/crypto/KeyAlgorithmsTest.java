package io.portcullis.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import java.math.BigInteger;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which public keys are certified, from hand-built SubjectPublicKeyInfos (no key generation needed). */
class KeyAlgorithmsTest {

    static final BigInteger F4 = BigInteger.valueOf(65_537);

    /** An odd modulus of exactly {@code bits} bits without a small factor, so the weak-key tests pass it. */
    static BigInteger modulus(int bits) {
        BigInteger candidate = BigInteger.ONE.shiftLeft(bits - 1).add(BigInteger.ONE);
        while (WeakRsaKeys.weakness(candidate).isPresent()) {
            candidate = candidate.add(BigInteger.TWO);
        }
        return candidate;
    }

    static SubjectPublicKeyInfo rsa(BigInteger modulus, BigInteger exponent) {
        try {
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    new RSAPublicKey(modulus, exponent));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static SubjectPublicKeyInfo ec(ASN1ObjectIdentifier curve) {
        return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), new byte[65]);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("RSA 2048", rsa(modulus(2048), F4), "RSA-2048"),
                Arguments.of("RSA 3072", rsa(modulus(3072), F4), "RSA-3072"),
                Arguments.of("RSA 4096 with the largest 33-bit exponent",
                        rsa(modulus(4096), BigInteger.ONE.shiftLeft(33).subtract(BigInteger.ONE)), "RSA-4096"),
                Arguments.of("RSA 8192", rsa(modulus(8192), F4), "RSA-8192"),
                Arguments.of("RSA 2056 (a multiple of 8)", rsa(modulus(2056), F4), "RSA-2056"),
                Arguments.of("EC P-256", ec(SECObjectIdentifiers.secp256r1), "EC-P256"),
                Arguments.of("EC P-384", ec(SECObjectIdentifiers.secp384r1), "EC-P384"),
                Arguments.of("EC P-521", ec(SECObjectIdentifiers.secp521r1), "EC-P521"),
                Arguments.of("Ed25519", new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
                        new byte[32]), "Ed25519"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptsAndLabels(String name, SubjectPublicKeyInfo spki, String label) {
        assertThat(KeyAlgorithms.check(spki)).isEqualTo(label);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("RSA 1024", rsa(modulus(1024), F4), "2048 to 8192"),
                Arguments.of("RSA 2040", rsa(modulus(2040), F4), "2048 to 8192"),
                Arguments.of("RSA 8200", rsa(modulus(8200), F4), "2048 to 8192"),
                Arguments.of("RSA 2050 bits (not a multiple of 8)", rsa(modulus(2050), F4), "multiple of 8"),
                Arguments.of("RSA even modulus", rsa(modulus(2048).add(BigInteger.ONE), F4), "even"),
                Arguments.of("RSA e=1", rsa(modulus(2048), BigInteger.ONE), "exponent"),
                Arguments.of("RSA e=3", rsa(modulus(4096), BigInteger.valueOf(3)), "at least 65537"),
                Arguments.of("RSA e=65535 (odd, just below 65537)", rsa(modulus(2048), BigInteger.valueOf(65_535)), "at least 65537"),
                Arguments.of("RSA 34-bit exponent", rsa(modulus(2048), BigInteger.ONE.shiftLeft(33).add(BigInteger.ONE)), "33 bits"),
                Arguments.of("RSA even exponent", rsa(modulus(2048), BigInteger.valueOf(65_536)), "exponent"),
                Arguments.of("RSA exponent not below the modulus", rsa(modulus(2048), modulus(2048).add(BigInteger.TWO)), "exponent"),
                Arguments.of("RSA key bytes malformed", new SubjectPublicKeyInfo(
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), new byte[] {1, 2, 3}),
                        "not well formed"),
                Arguments.of("EC secp256k1", ec(SECObjectIdentifiers.secp256k1), "named curve"),
                Arguments.of("EC P-224", ec(SECObjectIdentifiers.secp224r1), "named curve"),
                Arguments.of("EC with explicit parameters", new SubjectPublicKeyInfo(
                        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, DERNull.INSTANCE), new byte[65]), "named curve"),
                Arguments.of("Ed448", new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed448),
                        new byte[57]), "Unsupported"),
                Arguments.of("X25519", new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_X25519),
                        new byte[32]), "Unsupported"),
                Arguments.of("DSA", new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_dsa),
                        new byte[32]), "Unsupported"),
                Arguments.of("RSASSA-PSS", new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS),
                        new byte[32]), "Unsupported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesAsBadPublicKey(String name, SubjectPublicKeyInfo spki, String detailPart) {
        assertThatThrownBy(() -> KeyAlgorithms.check(spki))
                .isInstanceOfSatisfying(CaException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.BAD_PUBLIC_KEY);
                    assertThat(e.detail()).contains(detailPart);
                });
    }

    @Test
    void evenModulusFixtureReallyIsEvenAnd2048Bits() {
        BigInteger even = modulus(2048).add(BigInteger.ONE);
        assertThat(even.testBit(0)).isFalse();
        assertThat(even.bitLength()).isEqualTo(2048);
        assertThatThrownBy(() -> KeyAlgorithms.check(rsa(even, F4))).hasMessageContaining("even");
    }

    @Test
    void signatureAlgorithmMatchesTheCaKey() {
        assertThat(KeyAlgorithms.signatureAlgorithm("EC-P256")).isEqualTo("SHA256withECDSA");
        assertThat(KeyAlgorithms.signatureAlgorithm("EC-P384")).isEqualTo("SHA384withECDSA");
        assertThat(KeyAlgorithms.signatureAlgorithm("EC-P521")).isEqualTo("SHA512withECDSA");
        assertThat(KeyAlgorithms.signatureAlgorithm("RSA-4096")).isEqualTo("SHA256withRSA");
        assertThat(KeyAlgorithms.signatureAlgorithm("Ed25519")).isEqualTo("Ed25519");
        assertThatThrownBy(() -> KeyAlgorithms.signatureAlgorithm("DSA-1024")).isInstanceOf(IllegalArgumentException.class);
    }
}
