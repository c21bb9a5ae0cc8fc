package io.portcullis.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.support.Openssl;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.junit.jupiter.api.Test;

/** The CA key's encryption at rest, against BouncyCastle's earlier encoding and the openssl CLI. */
class Pbes2Test {

    static final SecureRandom RANDOM = new SecureRandom();

    static PrivateKey ecKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair().getPrivate();
    }

    /** The private scalar of a PKCS#8 EC key: openssl and the JDK encode the same key with different optional fields. */
    static BigInteger scalar(byte[] pkcs8) throws GeneralSecurityException {
        return ((ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8))).getS();
    }

    /** How earlier builds encrypted the CA key (BouncyCastle's PKCS#8 generator), with a small work factor. */
    static byte[] encryptedTheEarlierWay(PrivateKey key, char[] passphrase, ASN1ObjectIdentifier prf,
            ASN1ObjectIdentifier cipher) throws Exception {
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(cipher).setPRF(new AlgorithmIdentifier(prf, DERNull.INSTANCE))
                .setIterationCount(1_000).setProvider(Bc.PROVIDER).setPassword(passphrase).build();
        return new JcaPKCS8Generator(key, encryptor).generate().getContent();
    }

    @Test
    void writesPbes2WithTheConfiguredWorkFactorAndReadsItBack() throws Exception {
        PrivateKey key = ecKey();
        char[] passphrase = "right".toCharArray();
        byte[] encrypted = Pbes2.encrypt(key.getEncoded(), passphrase, RANDOM);

        EncryptedPrivateKeyInfo info = EncryptedPrivateKeyInfo.getInstance(encrypted);
        PBES2Parameters pbes2 = PBES2Parameters.getInstance(info.getEncryptionAlgorithm().getParameters());
        PBKDF2Params kdf = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
        assertThat(kdf.getIterationCount().intValue()).isEqualTo(Pbes2.KDF_ITERATIONS);
        assertThat(kdf.getPrf().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_hmacWithSHA256);
        assertThat(kdf.getSalt()).hasSize(16);
        assertThat(Pbes2.decrypt(encrypted, passphrase)).isEqualTo(key.getEncoded());
        assertThat(Pbes2.encrypt(key.getEncoded(), passphrase, RANDOM)).as("fresh salt and IV each time").isNotEqualTo(encrypted);
    }

    @Test
    void readsTheKeysEarlierVersionsStoredIncludingNonAsciiPassphrases() throws Exception {
        PrivateKey key = ecKey();
        char[] passphrase = "Übergang-Schlüssel-€".toCharArray();
        byte[] earlier = encryptedTheEarlierWay(key, passphrase, PKCSObjectIdentifiers.id_hmacWithSHA256, PKCS8Generator.AES_256_CBC);
        assertThat(Pbes2.decrypt(earlier, passphrase)).isEqualTo(key.getEncoded());
    }

    @Test
    void refusesOtherSchemesInsteadOfGuessing() throws Exception {
        PrivateKey key = ecKey();
        char[] passphrase = "right".toCharArray();
        byte[] sha1 = encryptedTheEarlierWay(key, passphrase, PKCSObjectIdentifiers.id_hmacWithSHA1, PKCS8Generator.AES_256_CBC);
        byte[] aes128 = encryptedTheEarlierWay(key, passphrase, PKCSObjectIdentifiers.id_hmacWithSHA256, PKCS8Generator.AES_128_CBC);
        assertThatThrownBy(() -> Pbes2.decrypt(sha1, passphrase)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> Pbes2.decrypt(aes128, passphrase)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> Pbes2.decrypt(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}, passphrase))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void opensslReadsWhatItWritesAndWritesWhatItReads() throws Exception {
        Openssl openssl = Openssl.inTempDir();
        PrivateKey key = ecKey();
        Path ours = openssl.writeBytes("ours.der", Pbes2.encrypt(key.getEncoded(), "pass-word".toCharArray(), RANDOM));
        // PEM: OpenSSL 3 writes an EC key's DER in the traditional (SEC1) form, its PEM as PKCS#8
        openssl.ok("pkey", "-inform", "DER", "-in", ours.toString(), "-passin", "pass:pass-word", "-out", "plain.pem");
        String pem = openssl.read(openssl.dir().resolve("plain.pem"));
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        byte[] decrypted = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        assertThat(scalar(decrypted)).isEqualTo(scalar(key.getEncoded()));

        Path plain = openssl.writeBytes("key.der", key.getEncoded());
        openssl.ok("pkcs8", "-topk8", "-inform", "DER", "-in", plain.toString(), "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256",
                "-passout", "pass:pass-word", "-outform", "DER", "-out", "theirs.der");
        assertThat(scalar(Pbes2.decrypt(openssl.readBytes(openssl.dir().resolve("theirs.der")), "pass-word".toCharArray())))
                .isEqualTo(scalar(key.getEncoded()));
    }
}
