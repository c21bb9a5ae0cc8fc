package io.portcullis.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.CaKeyAlgorithm;
import io.portcullis.ca.StartupRefusal;
import io.portcullis.support.Openssl;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** CA keys made, stored and imported with either provider, and read back by the other and by openssl. */
class BouncyCastleCaKeysTest {

    final Instant now = Instant.now();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.portcullis.crypto.BothProviders#both")
    void theSubjectKeepsTheConfiguredRfc4514Order(CryptoProvider crypto) {
        ActiveCa.Material ca = new BouncyCastleCaKeys(crypto).generate(CaKeyAlgorithm.EC_P256,
                "CN=Portcullis Root CA,O=Portcullis,C=DE", now, now.plus(Duration.ofDays(1)));
        assertThat(ca.certificate().subject()).isEqualTo("CN=Portcullis Root CA,O=Portcullis,C=DE");
        assertThat(ca.certificate().certificate().getBasicConstraints()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.portcullis.crypto.BothProviders#both")
    void anUnparseableSubjectIsAStartupRefusal(CryptoProvider crypto) {
        assertThatThrownBy(() -> new BouncyCastleCaKeys(crypto).generate(CaKeyAlgorithm.EC_P256, "not a name", now,
                now.plusSeconds(60)))
                .isInstanceOf(StartupRefusal.class).hasMessageContaining("PORTCULLIS_CA_SUBJECT");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.portcullis.crypto.BothProviders#both")
    void theKeyAtRestIsPbes2AndOnlyThePassphraseOpensIt(CryptoProvider crypto) {
        BouncyCastleCaKeys keys = new BouncyCastleCaKeys(crypto);
        ActiveCa.Material ca = keys.generate(CaKeyAlgorithm.EC_P384, "CN=Test CA", now, now.plus(Duration.ofDays(1)));
        byte[] encrypted = keys.encrypt(ca.privateKey(), "right".toCharArray());

        EncryptedPrivateKeyInfo info = EncryptedPrivateKeyInfo.getInstance(encrypted);
        assertThat(info.getEncryptionAlgorithm().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_PBES2);
        PBES2Parameters pbes2 = PBES2Parameters.getInstance(info.getEncryptionAlgorithm().getParameters());
        assertThat(pbes2.getKeyDerivationFunc().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_PBKDF2);
        assertThat(pbes2.getEncryptionScheme().getAlgorithm().getId()).isEqualTo("2.16.840.1.101.3.4.1.42"); // aes256-CBC

        assertThat(keys.decrypt(encrypted, "right".toCharArray(), ca.certificate()).getEncoded())
                .isEqualTo(ca.privateKey().getEncoded());
        assertThatThrownBy(() -> keys.decrypt(encrypted, "wrong".toCharArray(), ca.certificate()))
                .isInstanceOf(StartupRefusal.class)
                .hasMessageContaining("PORTCULLIS_CA_PASSPHRASE")
                .hasMessageNotContaining("wrong")
                .hasNoCause();
    }

    /** A CA created under one provider starts under the other: switching PORTCULLIS_CRYPTO_PROVIDER keeps the CA. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void aKeyStoredUnderOneProviderSignsUnderTheOther(CaKeyAlgorithm algorithm) {
        for (CryptoProvider maker : BothProviders.both().toList()) {
            CryptoProvider other = maker == BothProviders.AWS_LC ? BothProviders.BOUNCYCASTLE : BothProviders.AWS_LC;
            ActiveCa.Material ca = new BouncyCastleCaKeys(maker).generate(algorithm, "CN=Switch CA", now, now.plusSeconds(3600));
            byte[] stored = new BouncyCastleCaKeys(maker).encrypt(ca.privateKey(), "p".toCharArray());

            BouncyCastleCaKeys reader = new BouncyCastleCaKeys(other);
            var key = reader.decrypt(stored, "p".toCharArray(), ca.certificate());
            assertThat(reader.matches(key, ca.certificate().certificate().getPublicKey(), algorithm.label()))
                    .as("%s key made by %s, used by %s", algorithm, maker, other).isTrue();
        }
    }

    static CaKeyAlgorithm[] algorithms() {
        return new CaKeyAlgorithm[] {CaKeyAlgorithm.EC_P256, CaKeyAlgorithm.EC_P384, CaKeyAlgorithm.RSA_2048};
    }

    /** The openssl recipe's CA, imported: the key must be one the selected provider signs with, and its own. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.portcullis.crypto.BothProviders#both")
    void anOpensslMadeCaImportsAndItsKeyIsChecked(CryptoProvider crypto) {
        Openssl openssl = Openssl.inTempDir();
        BouncyCastleCaKeys keys = new BouncyCastleCaKeys(crypto);
        for (String spec : new String[] {"ec:P-256", "rsa:2048"}) {
            openssl.key("ca", spec);
            openssl.ok("req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=Imported CA", "-days", "30", "-out", "ca.crt",
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            openssl.key("other", spec);

            ActiveCa.Material imported = keys.importPem(openssl.read(openssl.dir().resolve("ca.crt")),
                    openssl.read(openssl.dir().resolve("ca.key")), new char[0]);
            assertThat(imported.certificate().subject()).as(spec).isEqualTo("CN=Imported CA");
            assertThatThrownBy(() -> keys.importPem(openssl.read(openssl.dir().resolve("ca.crt")),
                    openssl.read(openssl.dir().resolve("other.key")), new char[0]))
                    .as(spec).isInstanceOf(StartupRefusal.class).hasMessageContaining("does not belong");
        }
    }
}
