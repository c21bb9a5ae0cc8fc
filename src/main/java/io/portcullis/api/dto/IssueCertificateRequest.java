package io.portcullis.api.dto;

import io.portcullis.ca.Lifetimes;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;

/**
 * JSON body of {@code POST /api/v1/certificates}.
 *
 * @param csr          PEM encoded PKCS#10 request
 * @param validityDays requested validity in days; the default applies when absent, the maximum caps it
 * @param validity     the same as an ISO-8601 duration ({@code PT8H}); not with validityDays
 */
public record IssueCertificateRequest(@NotBlank(message = "csr is required") String csr, Integer validityDays,
        String validity) {

    /** The lifetime asked for, or {@code null} for the default; {@code malformed} for both fields or a bad duration. */
    public Duration lifetime() {
        return Lifetimes.requested(validityDays, validity, "validityDays", "validity");
    }
}
