package io.portcullis.ca;

import java.util.Locale;

/** A certificate's status as the API reports it; {@code expired} is derived from the clock. */
public enum CertificateStatus {
    VALID,
    REVOKED,
    EXPIRED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code valid}, {@code revoked} or {@code expired}. */
    public static CertificateStatus fromLabel(String label) {
        for (CertificateStatus s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new CaException(ErrorType.MALFORMED, "status must be one of valid, revoked, expired.");
    }
}
