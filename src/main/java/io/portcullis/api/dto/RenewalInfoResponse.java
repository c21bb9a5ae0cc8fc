package io.portcullis.api.dto;

import io.portcullis.ca.lifecycle.Renewals;
import java.time.Instant;

/** {@code GET /api/v1/certificates/{serial}/renewal-info}, shaped as ACME ARI's RenewalInfo (RFC 9773). */
public record RenewalInfoResponse(SuggestedWindow suggestedWindow) {

    /** Renew at a random time inside this window; a window in the past means now. */
    public record SuggestedWindow(Instant start, Instant end) {
    }

    public static RenewalInfoResponse of(Renewals.Window window) {
        return new RenewalInfoResponse(new SuggestedWindow(window.start(), window.end()));
    }
}
