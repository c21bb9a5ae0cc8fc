package io.portcullis.api.dto;

import io.portcullis.ca.Lifetimes;
import java.time.Duration;

/**
 * Optional JSON body of the renewal endpoints.
 *
 * @param validityDays the new validity in days; absent means the renewed certificate's own lifetime
 * @param validity     the same as an ISO-8601 duration ({@code PT8H}); not with validityDays
 */
public record RenewRequest(Integer validityDays, String validity) {

    /** The lifetime asked for, or {@code null} for the default; {@code malformed} for both fields or a bad duration. */
    public Duration lifetime() {
        return Lifetimes.requested(validityDays, validity, "validityDays", "validity");
    }
}
