package io.portcullis.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.ca.StartupRefusal;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which provider does the math: {@code auto} takes AWS-LC on this machine (a silent fall back to BouncyCastle
 * would void the reason it is there), {@code bouncycastle} forces BouncyCastle, and a loader that fails makes
 * {@code auto} fall back and {@code aws-lc} refuse to start. Per algorithm, AWS-LC does what it has.
 */
class CryptoProviderTest {

    private static final CryptoProvider.Loader UNLOADABLE = () -> {
        throw new AwsLc.Unavailable("its native library did not load (no writable temporary directory)");
    };

    @Test
    void autoSelectsAwsLcHereAndItsSignaturesAreAwsLcs() throws Exception {
        CryptoProvider auto = CryptoProvider.select("auto");

        assertThat(auto.name()).isEqualTo("aws-lc");
        assertThat(auto.reason()).contains("PORTCULLIS_CRYPTO_PROVIDER=auto").contains("known-answer self-test");
        var generator = auto.keyPairGenerator("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        var pair = generator.generateKeyPair();
        Signature signature = auto.signature("SHA256withECDSA");
        assertThat(signature.getProvider().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
        assertThat(generator.getProvider().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
        assertThat(pair.getPrivate().getClass().getName()).startsWith("com.amazon.corretto.crypto.provider.");
    }

    @Test
    void bouncycastleForcesBouncyCastleForEverything() throws Exception {
        CryptoProvider bc = CryptoProvider.select("bouncycastle");

        assertThat(bc.name()).isEqualTo("bouncycastle");
        assertThat(bc.signature("SHA256withECDSA").getProvider()).isSameAs(Bc.PROVIDER);
        assertThat(bc.keyPairGenerator("RSA").getProvider()).isSameAs(Bc.PROVIDER);
        assertThat(bc.verifying(new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256))).isSameAs(Bc.PROVIDER);
    }

    @Test
    void whenAwsLcCannotLoadAutoFallsBackAndSaysWhy() {
        CryptoProvider auto = CryptoProvider.select("auto", UNLOADABLE);

        assertThat(auto.name()).isEqualTo("bouncycastle");
        assertThat(auto.reason()).isEqualTo("PORTCULLIS_CRYPTO_PROVIDER=auto and AWS-LC cannot be used: its native library"
                + " did not load (no writable temporary directory)");
    }

    @Test
    void whenAwsLcCannotLoadAwsLcRefusesToStartInOneLine() {
        assertThatThrownBy(() -> CryptoProvider.select("aws-lc", UNLOADABLE))
                .isInstanceOf(StartupRefusal.class)
                .hasNoCause()
                .hasMessageStartingWith("PORTCULLIS_CRYPTO_PROVIDER=aws-lc, but AWS-LC cannot be used: its native library did not load")
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"aws-lc", "bouncycastle"})
    void theKnownAnswersHoldForBothImplementationsAndFailForAnotherMessage(String name) {
        CryptoProvider crypto = name.equals("aws-lc") ? BothProviders.AWS_LC : BothProviders.BOUNCYCASTLE;
        java.security.Provider provider = crypto.signing("SHA256withECDSA");
        byte[] message = AwsLc.resource("message.txt");

        org.assertj.core.api.Assertions.assertThatCode(() -> AwsLc.knownAnswers(provider, message)).doesNotThrowAnyException();
        byte[] other = message.clone();
        other[other.length - 1] ^= 1;
        assertThatThrownBy(() -> AwsLc.knownAnswers(provider, other))
                .isInstanceOf(AwsLc.Unavailable.class).hasMessage("its known-answer self-test failed: openssl's ECDSA P-256 signature");
    }

    @Test
    void awsLcVerifiesEveryCsrAlgorithmItHasAndBouncyCastleTheRest() {
        CryptoProvider awsLc = BothProviders.AWS_LC;
        for (var oid : new org.bouncycastle.asn1.ASN1ObjectIdentifier[] {X9ObjectIdentifiers.ecdsa_with_SHA1,
            X9ObjectIdentifiers.ecdsa_with_SHA224, X9ObjectIdentifiers.ecdsa_with_SHA256, X9ObjectIdentifiers.ecdsa_with_SHA384,
            X9ObjectIdentifiers.ecdsa_with_SHA512, PKCSObjectIdentifiers.sha1WithRSAEncryption,
            PKCSObjectIdentifiers.sha224WithRSAEncryption, PKCSObjectIdentifiers.sha256WithRSAEncryption,
            PKCSObjectIdentifiers.sha384WithRSAEncryption, PKCSObjectIdentifiers.sha512WithRSAEncryption,
            EdECObjectIdentifiers.id_Ed25519}) {
            assertThat(awsLc.verifying(new AlgorithmIdentifier(oid)).getName()).as(oid.getId()).isEqualTo("AmazonCorrettoCryptoProvider");
        }
        // AWS-LC names RSASSA-PSS differently from what BouncyCastle asks for, and has no MD5 signature
        assertThat(awsLc.verifying(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS))).isSameAs(Bc.PROVIDER);
        assertThat(awsLc.verifying(new AlgorithmIdentifier(PKCSObjectIdentifiers.md5WithRSAEncryption, DERNull.INSTANCE)))
                .isSameAs(Bc.PROVIDER);
        // every CA signature algorithm is AWS-LC's
        for (String label : new String[] {"EC-P256", "EC-P384", "RSA-4096"}) {
            assertThat(awsLc.signing(KeyAlgorithms.signatureAlgorithm(label)).getName()).as(label)
                    .isEqualTo("AmazonCorrettoCryptoProvider");
        }
    }
}
