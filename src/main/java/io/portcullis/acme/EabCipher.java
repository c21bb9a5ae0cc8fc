package io.portcullis.acme;

import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.config.PortcullisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals EAB HMAC keys at rest. Verifying a binding needs the key itself, so it cannot be hashed:
 * it is AES-256-GCM encrypted under a key derived (PBKDF2-HMAC-SHA256, as for the CA key) from the
 * CA passphrase, with the key id as associated data so a sealed key cannot be moved to another row.
 * A database dump alone yields no binding key.
 */
@ApplicationScoped
public class EabCipher {

    static final int KDF_ITERATIONS = 600_000;
    private static final byte[] SALT = "portcullis/acme-eab/v1".getBytes(StandardCharsets.US_ASCII);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PortcullisConfig config;
    private volatile SecretKey key;

    @Inject
    public EabCipher(PortcullisConfig config) {
        this.config = config;
    }

    public byte[] seal(String kid, byte[] hmacKey) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(hmacKey);
            return ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is always available", e);
        }
    }

    public byte[] open(String kid, byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            // a changed passphrase or a tampered row: the binding cannot be checked
            throw new CaException(ErrorType.SERVER_INTERNAL, "The external account binding key cannot be decrypted.", e);
        }
    }

    private SecretKey key() throws GeneralSecurityException {
        SecretKey derived = key;
        if (derived == null) {
            char[] passphrase = config.ca().passphrase().orElseThrow(() -> new CaException(ErrorType.UNAVAILABLE,
                    "External account binding needs PORTCULLIS_CA_PASSPHRASE.")).toCharArray();
            byte[] raw = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(passphrase, SALT, KDF_ITERATIONS, 256)).getEncoded();
            derived = new SecretKeySpec(raw, "AES");
            key = derived;
        }
        return derived;
    }
}
