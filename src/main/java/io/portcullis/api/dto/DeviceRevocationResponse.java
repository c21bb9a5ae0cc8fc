package io.portcullis.api.dto;

import io.portcullis.ca.lifecycle.Revocations;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of a device's revocation.
 *
 * @param revokedSerialNumbers every certificate revoked with it (for keyCompromise, of other devices with the key too)
 * @param revokedDeviceIds     every device revoked
 * @param crlNumber            the number of the first CRL listing them, already published when this is sent
 */
public record DeviceRevocationResponse(String id, String status, Instant revokedAt, String reason, String revokedBy,
        List<String> revokedSerialNumbers, List<String> revokedDeviceIds, String crlNumber) {

    public static DeviceRevocationResponse of(String id, Revocations.Revoked r) {
        return new DeviceRevocationResponse(id, "revoked", r.revocation().revokedAt(), r.revocation().reason().rfcName(),
                r.revocation().revokedBy(), hex(r.serials()), r.deviceIds(),
                r.crl().number().toString());
    }

    /** Serials in the API's form. */
    static List<String> hex(List<BigInteger> serials) {
        return serials.stream().map(s -> s.toString(16)).toList();
    }
}
