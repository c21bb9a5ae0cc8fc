package io.portcullis.api.dto;

import java.util.List;

/**
 * JSON body of {@code POST /api/v1/enrollment-tokens}; absent fields take their defaults (one use,
 * valid 86400 seconds, automatic approval, the default certificate validity).
 *
 * @param subjectAltNames the SANs a device's CSR may carry, e.g. {@code DNS:door.home.example}
 * @param validityDays    lifetime of the certificates in days
 * @param validity        the same as an ISO-8601 duration ({@code PT8H}); not with validityDays
 * @param approval        {@code auto} or {@code manual}
 */
public record CreateEnrollmentTokenRequest(
        String commonName,
        List<String> subjectAltNames,
        Integer validityDays,
        String validity,
        Integer uses,
        Long expiresInSeconds,
        String approval) {
}
