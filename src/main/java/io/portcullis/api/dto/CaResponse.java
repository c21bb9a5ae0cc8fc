package io.portcullis.api.dto;

import io.portcullis.ca.CaCertificate;
import java.time.Instant;

/** The CA certificate, for {@code GET /api/v1/ca}. */
public record CaResponse(
        String subject,
        String serialNumber,
        Instant notBefore,
        Instant notAfter,
        String keyAlgorithm,
        String sha256Fingerprint,
        String certificate) {

    public static CaResponse of(CaCertificate ca) {
        return new CaResponse(ca.subject(), ca.serialHex(), ca.notBefore(), ca.notAfter(), ca.keyAlgorithm(),
                ca.sha256Fingerprint(), ca.pem());
    }
}
