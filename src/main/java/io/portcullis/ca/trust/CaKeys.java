package io.portcullis.ca.trust;

import io.portcullis.ca.CaCertificate;
import java.security.PrivateKey;
import java.time.Instant;

/** Port: generating, importing and protecting CA keys. */
public interface CaKeys {

    /** Generates a key pair and a self-signed CA certificate for it. */
    ActiveCa.Material generate(CaKeyAlgorithm algorithm, String subject, Instant notBefore, Instant notAfter);

    /**
     * Reads a CA certificate and its private key as openssl writes them (PKCS#8, encrypted PKCS#8,
     * traditional {@code Proc-Type: 4,ENCRYPTED} RSA or EC keys).
     *
     * @throws StartupRefusal if the key cannot be read, does not match, or the certificate is no CA
     */
    ActiveCa.Material importPem(String certificatePem, String keyPem, char[] passphrase);

    /** Encrypts a private key as PKCS#8 with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC). */
    byte[] encrypt(PrivateKey key, char[] passphrase);

    /**
     * Decrypts what {@link #encrypt} wrote and checks it belongs to the certificate.
     *
     * @throws StartupRefusal if the passphrase is wrong or the key does not match
     */
    PrivateKey decrypt(byte[] encryptedKey, char[] passphrase, CaCertificate certificate);

    /** Parses a stored CA certificate. */
    CaCertificate parse(byte[] certificateDer, String keyAlgorithm);

    /**
     * A new self-signed certificate for the same key and byte-identical subject (the openssl
     * recipe's "re-run the same command"): new serial, new validity, same key identifier, so
     * certificates issued under the previous one keep verifying.
     */
    CaCertificate renew(ActiveCa.Material current, Instant notBefore, Instant notAfter);
}
