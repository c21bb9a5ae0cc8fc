package io.portcullis.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.CaKeyAlgorithm;
import io.portcullis.ca.StartupRefusal;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.junit.jupiter.api.Test;

class BouncyCastleCaKeysTest {

    final BouncyCastleCaKeys keys = new BouncyCastleCaKeys();
    final Instant now = Instant.now();

    @Test
    void theSubjectKeepsTheConfiguredRfc4514Order() {
        ActiveCa.Material ca = keys.generate(CaKeyAlgorithm.EC_P256, "CN=Portcullis Root CA,O=Portcullis,C=DE",
                now, now.plus(Duration.ofDays(1)));
        assertThat(ca.certificate().subject()).isEqualTo("CN=Portcullis Root CA,O=Portcullis,C=DE");
        assertThat(ca.certificate().certificate().getBasicConstraints()).isZero();
    }

    @Test
    void anUnparseableSubjectIsAStartupRefusal() {
        assertThatThrownBy(() -> keys.generate(CaKeyAlgorithm.EC_P256, "not a name", now, now.plusSeconds(60)))
                .isInstanceOf(StartupRefusal.class).hasMessageContaining("PORTCULLIS_CA_SUBJECT");
    }

    @Test
    void theKeyAtRestIsPbes2AndOnlyThePassphraseOpensIt() {
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
}
