package io.portcullis.api.dto;

import io.portcullis.ca.lifecycle.Revocations;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of a revocation.
 *
 * @param crlNumber            the number of the first CRL listing it, already published when this is sent
 * @param deviceId             the device it belongs to, revoked with it
 * @param revokedSerialNumbers every certificate revoked with it, this one first: the device's other
 *                             unexpired certificates, and for keyCompromise those of every device with the key
 * @param revokedDeviceIds     every device revoked with it
 */
public record RevocationResponse(String serialNumber, String status, Instant revokedAt, String reason, String revokedBy,
        String crlNumber, String deviceId, List<String> revokedSerialNumbers, List<String> revokedDeviceIds) {

    public static RevocationResponse of(Revocations.Revoked r) {
        return new RevocationResponse(r.certificate().serialHex(), "revoked", r.revocation().revokedAt(),
                r.revocation().reason().rfcName(), r.revocation().revokedBy(), r.crl().number().toString(),
                r.certificate().deviceId(), DeviceRevocationResponse.hex(r.serials()), r.deviceIds());
    }
}
