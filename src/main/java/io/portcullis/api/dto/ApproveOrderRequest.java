package io.portcullis.api.dto;

import io.portcullis.ca.Lifetimes;
import java.time.Duration;

/**
 * Optional JSON body of {@code POST /api/v1/orders/{id}/approve}: a lifetime overriding the token's,
 * in days or as an ISO-8601 duration ({@code PT8H}), not both.
 */
public record ApproveOrderRequest(Integer validityDays, String validity) {

    /** The lifetime asked for, or {@code null} for the default; {@code malformed} for both fields or a bad duration. */
    public Duration lifetime() {
        return Lifetimes.requested(validityDays, validity, "validityDays", "validity");
    }
}
