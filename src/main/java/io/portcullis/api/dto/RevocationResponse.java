package io.portcullis.api.dto;

import io.portcullis.ca.Revocations;
import java.time.Instant;

/**
 * The outcome of a revocation.
 *
 * @param crlNumber the number of the first CRL listing it, already published when this is sent
 */
public record RevocationResponse(String serialNumber, String status, Instant revokedAt, String reason, String revokedBy,
        String crlNumber) {

    public static RevocationResponse of(Revocations.Revoked r) {
        return new RevocationResponse(r.certificate().serialHex(), "revoked", r.revocation().revokedAt(),
                r.revocation().reason().rfcName(), r.revocation().revokedBy(), r.crl().number().toString());
    }
}
