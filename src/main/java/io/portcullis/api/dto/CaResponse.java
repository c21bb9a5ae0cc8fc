package io.portcullis.api.dto;

import io.portcullis.ca.CaCertificate;
import java.time.Instant;

/**
 * The CA certificate, for {@code GET /api/v1/ca}, and which implementation does this replica's public-key math
 * ({@code aws-lc} or {@code bouncycastle}).
 */
public record CaResponse(
        String subject,
        String serialNumber,
        Instant notBefore,
        Instant notAfter,
        String keyAlgorithm,
        String sha256Fingerprint,
        String certificate,
        String cryptoProvider) {

    public static CaResponse of(CaCertificate ca, String cryptoProvider) {
        return new CaResponse(ca.subject(), ca.serialHex(), ca.notBefore(), ca.notAfter(), ca.keyAlgorithm(),
                ca.sha256Fingerprint(), ca.pem(), cryptoProvider);
    }
}
