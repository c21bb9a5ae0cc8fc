package io.portcullis.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Encrypted PKCS#8 for the CA key at rest: PBES2 (RFC 8018) with PBKDF2-HMAC-SHA256 and AES-256-CBC,
 * the form {@code openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256} writes and reads.
 *
 * <p>The key derivation and the cipher are the JDK's: its PBKDF2 runs on the CPU's SHA-256 instructions
 * and derives a 600,000-iteration key in ≈ 0.3 s on a cold JVM where BouncyCastle's pure-Java SHA-256 takes
 * ≈ 0.45 s, and a start pays that once. The ASN.1 is BouncyCastle's, because JDK 17's
 * {@code javax.crypto.EncryptedPrivateKeyInfo} cannot encode PBES2 parameters, and because reading the
 * parameters here lets a stored key with any other scheme be refused plainly.
 */
final class Pbes2 {

    /** PBKDF2-HMAC-SHA256 work factor for new encryptions (OWASP 2023 recommendation). */
    static final int KDF_ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    private static final int AES_BLOCK = 16;
    private static final AlgorithmIdentifier HMAC_SHA256 =
            new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE);

    private Pbes2() {
    }

    /** Encrypts a PKCS#8 PrivateKeyInfo; returns the DER of an EncryptedPrivateKeyInfo. */
    static byte[] encrypt(byte[] privateKeyInfo, char[] passphrase, SecureRandom random) throws GeneralSecurityException {
        byte[] salt = new byte[SALT_BYTES];
        byte[] iv = new byte[AES_BLOCK];
        random.nextBytes(salt);
        random.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, aesKey(passphrase, salt, KDF_ITERATIONS), new IvParameterSpec(iv));
        byte[] encrypted = cipher.doFinal(privateKeyInfo);
        PBES2Parameters parameters = new PBES2Parameters(
                new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new PBKDF2Params(salt, KDF_ITERATIONS, 32, HMAC_SHA256)),
                new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(iv)));
        try {
            return new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, parameters), encrypted)
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("encoding an EncryptedPrivateKeyInfo failed", e);
        }
    }

    /**
     * Decrypts what {@link #encrypt} wrote (and what earlier versions wrote with BouncyCastle's PKCS#8
     * generator, the same scheme); returns the PKCS#8 PrivateKeyInfo.
     *
     * @throws GeneralSecurityException when the passphrase is wrong or the data is not this scheme
     */
    static byte[] decrypt(byte[] encryptedPrivateKeyInfo, char[] passphrase) throws GeneralSecurityException {
        EncryptedPrivateKeyInfo info;
        PBES2Parameters parameters;
        PBKDF2Params kdf;
        byte[] iv;
        try {
            info = EncryptedPrivateKeyInfo.getInstance(encryptedPrivateKeyInfo);
            require(info.getEncryptionAlgorithm().getAlgorithm().equals(PKCSObjectIdentifiers.id_PBES2));
            parameters = PBES2Parameters.getInstance(info.getEncryptionAlgorithm().getParameters());
            require(parameters.getKeyDerivationFunc().getAlgorithm().equals(PKCSObjectIdentifiers.id_PBKDF2));
            kdf = PBKDF2Params.getInstance(parameters.getKeyDerivationFunc().getParameters());
            require(kdf.getPrf().getAlgorithm().equals(PKCSObjectIdentifiers.id_hmacWithSHA256));
            require(parameters.getEncryptionScheme().getAlgorithm().equals(NISTObjectIdentifiers.id_aes256_CBC));
            iv = ASN1OctetString.getInstance(parameters.getEncryptionScheme().getParameters()).getOctets();
            require(iv.length == AES_BLOCK);
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new GeneralSecurityException("not PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC");
        }
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.DECRYPT_MODE, aesKey(passphrase, kdf.getSalt(), kdf.getIterationCount().intValueExact()),
                new IvParameterSpec(iv));
        return cipher.doFinal(info.getEncryptedData());
    }

    private static SecretKeySpec aesKey(char[] passphrase, byte[] salt, int iterations) throws GeneralSecurityException {
        // The JDK encodes the passphrase as UTF-8, as BouncyCastle and OpenSSL do for PBES2.
        PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 256);
        try {
            return new SecretKeySpec(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded(), "AES");
        } finally {
            spec.clearPassword();
        }
    }

    private static void require(boolean condition) {
        if (!condition) {
            throw new IllegalArgumentException();
        }
    }
}
