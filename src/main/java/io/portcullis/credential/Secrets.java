package io.portcullis.credential;

import io.portcullis.ca.Hashes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Bearer secrets: 256 random bits, base64url, behind a prefix that tells what they are (and lets
 * secret scanners find leaked ones). Only their SHA-256 is ever stored.
 */
public final class Secrets {

    /** Credentials of people and CI pipelines. */
    public static final String CREDENTIAL_PREFIX = "pcc_";
    /** Enrollment tokens of devices. */
    public static final String ENROLLMENT_PREFIX = "pce_";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    /** 32 bytes are 43 base64url characters. */
    private static final Pattern BODY = Pattern.compile("[A-Za-z0-9_-]{43}");

    private Secrets() {
    }

    public static String newToken(String prefix) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return prefix + BASE64URL.encodeToString(secret);
    }

    /** A random UUID: 122 random bits from a strong source, so ids double as unguessable handles. */
    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public static byte[] hash(String token) {
        return Hashes.sha256(token.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether {@code token} is the secret whose SHA-256 is {@code storedHash}. The comparison is of
     * fixed-length hashes with {@link MessageDigest#isEqual}, which takes the same time wherever they
     * differ, so timing reveals nothing about how much of a guess was right.
     */
    public static boolean matches(String token, byte[] storedHash) {
        return token != null && storedHash != null && MessageDigest.isEqual(hash(token), storedHash);
    }

    /** Whether {@code token} has the shape of a secret with this prefix (checked before any lookup). */
    public static boolean hasShape(String token, String prefix) {
        return token.startsWith(prefix) && BODY.matcher(token).region(prefix.length(), token.length()).matches();
    }
}
