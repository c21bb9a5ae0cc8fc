package io.portcullis.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.ca.CaException;
import io.portcullis.ca.CertificateRequest;
import io.portcullis.ca.ErrorType;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proof of possession as the parser checks it, with both providers and on every verification path (AWS-LC;
 * BouncyCastle's lightweight verifier for ECDSA with SHA-2 and its JCA provider for the rest): a request verifies
 * only with the key it carries, under the algorithm it names. Requests are built field by field so that each
 * field can lie; {@link OpensslCsrsTest} has openssl's own for every accepted algorithm.
 */
class BouncyCastleCsrParserTest {

    static Stream<Arguments> ecdsa() {
        String[][] cases = {
            {"secp256r1", "SHA256withECDSA", "EC-P256"},
            {"secp256r1", "SHA384withECDSA", "EC-P256"},
            {"secp256r1", "SHA512withECDSA", "EC-P256"},
            {"secp384r1", "SHA384withECDSA", "EC-P384"},
            {"secp384r1", "SHA256withECDSA", "EC-P384"},
            {"secp521r1", "SHA512withECDSA", "EC-P521"}};
        return BothProviders.both().flatMap(crypto -> Stream.of(cases).map(c -> Arguments.of(crypto, c[0], c[1], c[2])));
    }

    @ParameterizedTest(name = "{0}: {1} signed with {2}")
    @MethodSource("ecdsa")
    void anEcdsaRequestSignedWithItsOwnKeyVerifies(CryptoProvider crypto, String curve, String algorithm, String label)
            throws Exception {
        KeyPair device = ec(curve);

        CertificateRequest request = new BouncyCastleCsrParser(crypto).parse(csr(device.getPublic().getEncoded(),
                device.getPrivate(), algorithm, oid(algorithm)));

        assertThat(request.keyAlgorithm()).isEqualTo(label);
        assertThat(request.commonName()).isEqualTo("door.example");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.portcullis.crypto.BothProviders#both")
    void anEcdsaRequestSignedByAnotherKeyIsRefused(CryptoProvider crypto) throws Exception {
        BouncyCastleCsrParser parser = new BouncyCastleCsrParser(crypto);
        KeyPair claimed = ec("secp256r1");
        KeyPair signer = ec("secp256r1");

        assertNoProofOfPossession(parser, csr(claimed.getPublic().getEncoded(), signer.getPrivate(), "SHA256withECDSA",
                X9ObjectIdentifiers.ecdsa_with_SHA256));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.portcullis.crypto.BothProviders#both")
    void anEcdsaSignatureOverADifferentDigestThanNamedIsRefused(CryptoProvider crypto) throws Exception {
        KeyPair device = ec("secp256r1");

        assertNoProofOfPossession(new BouncyCastleCsrParser(crypto), csr(device.getPublic().getEncoded(), device.getPrivate(), "SHA256withECDSA",
                X9ObjectIdentifiers.ecdsa_with_SHA384));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.portcullis.crypto.BothProviders#both")
    void anEcdsaSignatureLabelledAsRsaIsRefused(CryptoProvider crypto) throws Exception {
        KeyPair device = ec("secp256r1");

        assertNoProofOfPossession(new BouncyCastleCsrParser(crypto), csr(device.getPublic().getEncoded(), device.getPrivate(), "SHA256withECDSA",
                PKCSObjectIdentifiers.sha256WithRSAEncryption));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.portcullis.crypto.BothProviders#both")
    void anRsaRequestStillVerifiesThroughTheProvider(CryptoProvider crypto) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair device = generator.generateKeyPair();

        CertificateRequest request = new BouncyCastleCsrParser(crypto).parse(csr(device.getPublic().getEncoded(),
                device.getPrivate(), "SHA256withRSA", PKCSObjectIdentifiers.sha256WithRSAEncryption));

        assertThat(request.keyAlgorithm()).isEqualTo("RSA-2048");
    }

    private static void assertNoProofOfPossession(BouncyCastleCsrParser parser, byte[] der) {
        assertThatThrownBy(() -> parser.parse(der))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_CSR))
                .hasMessageContaining("proof of possession");
    }

    private static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Bc.PROVIDER);
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static ASN1ObjectIdentifier oid(String algorithm) {
        return switch (algorithm) {
            case "SHA256withECDSA" -> X9ObjectIdentifiers.ecdsa_with_SHA256;
            case "SHA384withECDSA" -> X9ObjectIdentifiers.ecdsa_with_SHA384;
            case "SHA512withECDSA" -> X9ObjectIdentifiers.ecdsa_with_SHA512;
            default -> throw new IllegalArgumentException(algorithm);
        };
    }

    /** A DER CSR for {@code CN=door.example} carrying {@code spki}, signed by {@code key} with {@code algorithm} and naming {@code named}. */
    private static byte[] csr(byte[] spki, PrivateKey key, String algorithm, ASN1ObjectIdentifier named)
            throws Exception {
        CertificationRequestInfo info = new CertificationRequestInfo(new X500Name("CN=door.example"),
                SubjectPublicKeyInfo.getInstance(spki), new DERSet());
        Signature signature = Signature.getInstance(algorithm, Bc.PROVIDER);
        signature.initSign(key);
        signature.update(info.getEncoded(ASN1Encoding.DER));
        AlgorithmIdentifier namedAlgorithm = PKCSObjectIdentifiers.sha256WithRSAEncryption.equals(named)
                ? new AlgorithmIdentifier(named, DERNull.INSTANCE)
                : new AlgorithmIdentifier(named);
        return new CertificationRequest(info, namedAlgorithm, new DERBitString(signature.sign())).getEncoded(ASN1Encoding.DER);
    }
}
