package io.portcullis.enrollment;

import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.issuance.DeviceKeyAlgorithm;
import io.portcullis.ca.issuance.Pkcs12Profile;
import java.util.Arrays;

/**
 * A checked request for a server-generated key in a PKCS#12 bundle. Holds the password as a char
 * array so it can be wiped once the bundle is written; {@link #toString} never shows it.
 */
public final class Pkcs12Request {

    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 256;
    static final int MAX_FRIENDLY_NAME = 64;

    private final char[] password;
    private final DeviceKeyAlgorithm keyAlgorithm;
    private final Pkcs12Profile profile;
    private final String friendlyName;

    private Pkcs12Request(char[] password, DeviceKeyAlgorithm keyAlgorithm, Pkcs12Profile profile, String friendlyName) {
        this.password = password;
        this.keyAlgorithm = keyAlgorithm;
        this.profile = profile;
        this.friendlyName = friendlyName;
    }

    /**
     * Checks everything before a key is made or a row written.
     *
     * @throws CaException {@code malformed} for a missing or short password, an unknown key
     *                     algorithm or profile, or an unusable friendly name
     */
    public static Pkcs12Request of(String password, String keyAlgorithm, String profile, String friendlyName) {
        if (password == null || password.isEmpty()) {
            throw new CaException(ErrorType.MALFORMED, "A password is required: it protects the private key in the bundle.");
        }
        if (password.codePointCount(0, password.length()) < MIN_PASSWORD) {
            throw new CaException(ErrorType.MALFORMED, "The password must have at least " + MIN_PASSWORD + " characters.");
        }
        if (password.length() > MAX_PASSWORD || password.chars().anyMatch(Character::isISOControl)) {
            throw new CaException(ErrorType.MALFORMED,
                    "The password must have at most " + MAX_PASSWORD + " characters and no control characters.");
        }
        if (friendlyName != null && (friendlyName.isBlank() || friendlyName.length() > MAX_FRIENDLY_NAME
                || friendlyName.chars().anyMatch(Character::isISOControl))) {
            throw new CaException(ErrorType.MALFORMED, "friendlyName must have 1 to " + MAX_FRIENDLY_NAME
                    + " characters and no control characters.");
        }
        return new Pkcs12Request(password.toCharArray(), DeviceKeyAlgorithm.fromLabel(keyAlgorithm),
                Pkcs12Profile.fromLabel(profile), friendlyName);
    }

    char[] password() {
        return password;
    }

    DeviceKeyAlgorithm keyAlgorithm() {
        return keyAlgorithm;
    }

    Pkcs12Profile profile() {
        return profile;
    }

    /** The friendly name asked for, else the common name. */
    String friendlyNameOr(String commonName) {
        return friendlyName != null ? friendlyName : commonName;
    }

    void wipe() {
        Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "Pkcs12Request[" + keyAlgorithm.label() + ", " + profile.label() + ", password not shown]";
    }
}
