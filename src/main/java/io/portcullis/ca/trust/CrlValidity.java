package io.portcullis.ca.trust;

import io.portcullis.ca.StartupRefusal;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Parses {@code PORTCULLIS_CRL_VALIDITY}: an ISO-8601 duration ({@code P7D}, {@code PT36H}) or whole days. */
public final class CrlValidity {

    /** nginx and most relying parties reject a CRL after nextUpdate; ten days bounds the damage of a stale one. */
    public static final Duration MAX = Duration.ofDays(10);
    /** Shorter lifetimes would make the half-life refresh run constantly. */
    public static final Duration MIN = Duration.ofHours(1);

    private CrlValidity() {
    }

    /** @throws StartupRefusal when the value is unreadable or outside one hour to ten days */
    public static Duration parse(String text) {
        Duration validity;
        try {
            validity = text.trim().matches("\\d{1,3}") ? Duration.ofDays(Long.parseLong(text.trim()))
                    : Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new StartupRefusal("PORTCULLIS_CRL_VALIDITY '" + text + "' is neither an ISO-8601 duration (P7D, PT36H)"
                    + " nor a number of days.");
        }
        if (validity.compareTo(MIN) < 0 || validity.compareTo(MAX) > 0) {
            throw new StartupRefusal("PORTCULLIS_CRL_VALIDITY must be between 1 hour and 10 days; it is " + validity + ".");
        }
        return validity;
    }
}
