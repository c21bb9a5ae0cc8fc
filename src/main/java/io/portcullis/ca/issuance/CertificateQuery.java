package io.portcullis.ca.issuance;

import io.portcullis.ca.CertificateStatus;
import java.time.Instant;

/**
 * A filtered, paged listing of certificates. Null filters match everything.
 *
 * @param page zero-based page number
 */
public record CertificateQuery(
        CertificateStatus status,
        String commonName,
        Integer expiringWithinDays,
        int page,
        int size,
        Instant now) {
}
