package io.portcullis.ca;

/**
 * How a PKCS#12 bundle is protected (RFC 7292). {@code modern} is what OpenSSL 3 writes by default:
 * PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC for the key and the certificates, and an HMAC-SHA256
 * integrity MAC. {@code legacy} is PBE-SHA1-3DES for both and an HMAC-SHA1 MAC, which the iOS,
 * macOS, Android and Windows versions that cannot read the modern form still import.
 */
public enum Pkcs12Profile implements Labelled {
    MODERN("modern"),
    LEGACY("legacy");

    private final String label;

    Pkcs12Profile(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    /** The profile for {@code modern} or {@code legacy}; {@code null} or blank means {@code modern}. */
    public static Pkcs12Profile fromLabel(String label) {
        if (label == null || label.isBlank()) {
            return MODERN;
        }
        return Labelled.find(Pkcs12Profile.class, label)
                .orElseThrow(() -> new CaException(ErrorType.MALFORMED, "profile must be modern or legacy."));
    }
}
