package io.portcullis.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.support.Openssl;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every CSR signature algorithm the parser accepts, as {@code openssl req} makes it, verified by both providers;
 * the same request with one signature bit flipped is refused by both. With AWS-LC, all but RSASSA-PSS and MD5
 * (which it lacks under BouncyCastle's names) are verified by AWS-LC itself.
 */
class OpensslCsrsTest {

    private static final Openssl OPENSSL = Openssl.inTempDir();

    /** openssl's name for the algorithm, its key, its {@code req} options, and whether AWS-LC verifies it. */
    record Recipe(String name, String key, List<String> options, boolean awsLc) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Recipe> RECIPES = List.of(
            new Recipe("ecdsa-with-SHA1 P-256", "p256", List.of("-sha1"), true),
            new Recipe("ecdsa-with-SHA224 P-256", "p256", List.of("-sha224"), true),
            new Recipe("ecdsa-with-SHA256 P-256", "p256", List.of("-sha256"), true),
            new Recipe("ecdsa-with-SHA384 P-256", "p256", List.of("-sha384"), true),
            new Recipe("ecdsa-with-SHA512 P-256", "p256", List.of("-sha512"), true),
            new Recipe("ecdsa-with-SHA384 P-384", "p384", List.of("-sha384"), true),
            new Recipe("ecdsa-with-SHA512 P-384", "p384", List.of("-sha512"), true),
            new Recipe("ecdsa-with-SHA512 P-521", "p521", List.of("-sha512"), true),
            new Recipe("sha1WithRSAEncryption", "rsa", List.of("-sha1"), true),
            new Recipe("sha224WithRSAEncryption", "rsa", List.of("-sha224"), true),
            new Recipe("sha256WithRSAEncryption", "rsa", List.of("-sha256"), true),
            new Recipe("sha384WithRSAEncryption", "rsa", List.of("-sha384"), true),
            new Recipe("sha512WithRSAEncryption", "rsa", List.of("-sha512"), true),
            // accepted before AWS-LC came, so still accepted: proof of possession, not what the CA signs with
            new Recipe("md5WithRSAEncryption", "rsa", List.of("-md5"), false),
            new Recipe("RSASSA-PSS SHA-256", "rsa", List.of("-sha256", "-sigopt", "rsa_padding_mode:pss",
                    "-sigopt", "rsa_pss_saltlen:32"), false),
            new Recipe("RSASSA-PSS SHA-512", "rsa", List.of("-sha512", "-sigopt", "rsa_padding_mode:pss",
                    "-sigopt", "rsa_pss_saltlen:-1"), false),
            new Recipe("Ed25519", "ed25519", List.of(), true));

    @BeforeAll
    static void keys() {
        OPENSSL.key("p256", "ec:P-256");
        OPENSSL.key("p384", "ec:P-384");
        OPENSSL.key("p521", "ec:P-521");
        OPENSSL.key("rsa", "rsa:2048");
        OPENSSL.key("ed25519", "ED25519");
    }

    static Stream<Arguments> cases() {
        return BothProviders.both().flatMap(crypto -> RECIPES.stream().map(r -> Arguments.of(crypto, r)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void opensslsRequestVerifiesAndATamperedOneIsRefused(CryptoProvider crypto, Recipe recipe) throws Exception {
        byte[] der = csr(recipe);
        BouncyCastleCsrParser parser = new BouncyCastleCsrParser(crypto);

        assertThat(parser.parse(der).commonName()).isEqualTo("door.example");
        boolean byAwsLc = crypto.verifying(new PKCS10CertificationRequest(der).getSignatureAlgorithm()) != Bc.PROVIDER;
        assertThat(byAwsLc).as("verified by AWS-LC").isEqualTo(crypto == BothProviders.AWS_LC && recipe.awsLc());

        byte[] tampered = der.clone();
        tampered[tampered.length - 1] ^= 0x01;
        assertThatThrownBy(() -> parser.parse(tampered))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_CSR))
                .hasMessageContaining("proof of possession");
    }

    private static byte[] csr(Recipe recipe) {
        String name = recipe.name().replaceAll("[^A-Za-z0-9]", "");
        Path key = OPENSSL.dir().resolve(recipe.key() + ".key");
        Path csr = OPENSSL.csr(name, key, "/CN=door.example",
                Stream.concat(Stream.of("-outform", "DER"), recipe.options().stream()).toArray(String[]::new));
        return OPENSSL.readBytes(csr);
    }
}
