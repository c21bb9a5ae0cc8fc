package io.portcullis.ca;

import java.util.Locale;

/** A certificate's status as the API reports it; {@code expired} is derived from the clock. */
public enum CertificateStatus implements Labelled {
    VALID,
    REVOKED,
    EXPIRED;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code valid}, {@code revoked} or {@code expired}. */
    public static CertificateStatus fromLabel(String label) {
        return Labelled.find(CertificateStatus.class, label)
                .orElseThrow(() -> new CaException(ErrorType.MALFORMED, "status must be one of valid, revoked, expired."));
    }
}
