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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proof of possession as the parser checks it, on both of its verification paths (BouncyCastle's lightweight
 * verifier for ECDSA with SHA-2, its JCA provider for the rest): a request verifies only with the key it carries,
 * under the algorithm it names. Requests are built field by field so that each field can lie.
 */
class BouncyCastleCsrParserTest {

    private final BouncyCastleCsrParser parser = new BouncyCastleCsrParser();

    @ParameterizedTest(name = "{0} signed with {1}")
    @CsvSource({
        "secp256r1, SHA256withECDSA, EC-P256",
        "secp256r1, SHA384withECDSA, EC-P256",
        "secp256r1, SHA512withECDSA, EC-P256",
        "secp384r1, SHA384withECDSA, EC-P384",
        "secp384r1, SHA256withECDSA, EC-P384",
        "secp521r1, SHA512withECDSA, EC-P521"})
    void anEcdsaRequestSignedWithItsOwnKeyVerifies(String curve, String algorithm, String label) throws Exception {
        KeyPair device = ec(curve);

        CertificateRequest request = parser.parse(csr(device.getPublic().getEncoded(), device.getPrivate(), algorithm,
                oid(algorithm)));

        assertThat(request.keyAlgorithm()).isEqualTo(label);
        assertThat(request.commonName()).isEqualTo("door.example");
    }

    @Test
    void anEcdsaRequestSignedByAnotherKeyIsRefused() throws Exception {
        KeyPair claimed = ec("secp256r1");
        KeyPair signer = ec("secp256r1");

        assertNoProofOfPossession(csr(claimed.getPublic().getEncoded(), signer.getPrivate(), "SHA256withECDSA",
                X9ObjectIdentifiers.ecdsa_with_SHA256));
    }

    @Test
    void anEcdsaSignatureOverADifferentDigestThanNamedIsRefused() throws Exception {
        KeyPair device = ec("secp256r1");

        assertNoProofOfPossession(csr(device.getPublic().getEncoded(), device.getPrivate(), "SHA256withECDSA",
                X9ObjectIdentifiers.ecdsa_with_SHA384));
    }

    @Test
    void anEcdsaSignatureLabelledAsRsaIsRefused() throws Exception {
        KeyPair device = ec("secp256r1");

        assertNoProofOfPossession(csr(device.getPublic().getEncoded(), device.getPrivate(), "SHA256withECDSA",
                PKCSObjectIdentifiers.sha256WithRSAEncryption));
    }

    @Test
    void anRsaRequestStillVerifiesThroughTheProvider() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair device = generator.generateKeyPair();

        CertificateRequest request = parser.parse(csr(device.getPublic().getEncoded(), device.getPrivate(),
                "SHA256withRSA", PKCSObjectIdentifiers.sha256WithRSAEncryption));

        assertThat(request.keyAlgorithm()).isEqualTo("RSA-2048");
    }

    private void assertNoProofOfPossession(byte[] der) {
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
