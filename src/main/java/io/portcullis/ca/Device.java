package io.portcullis.ca;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A device: the lineage of certificates for one key, from the issuance that enrolled it through
 * its renewals, with the policy it was enrolled under.
 *
 * @param revoked             whether the device as a whole is revoked (its certificates are then too)
 * @param enrolledBy          the actor of the first issuance, as {@code role:id}
 * @param maxLifetime         the cap on any renewal's lifetime, or {@code null} for the service's maximum
 * @param initialLifetime     the first certificate's lifetime, the most the holder's own renewal gets
 * @param currentSerial       the newest certificate, the only one that may renew
 * @param currentNotAfter     when the newest certificate expires
 * @param credentialWithdrawn whether the issuer credential it was enrolled under has been deleted
 */
public record Device(
        String id,
        boolean revoked,
        String subject,
        String commonName,
        List<SubjectAltName> subjectAltNames,
        String keyAlgorithm,
        String spkiSha256,
        String enrolledBy,
        String credentialId,
        String tokenId,
        String orderId,
        Duration maxLifetime,
        Duration initialLifetime,
        BigInteger currentSerial,
        Instant currentNotAfter,
        Instant createdAt,
        Instant revokedAt,
        RevocationReason revocationReason,
        boolean credentialWithdrawn) {

    public Device {
        subjectAltNames = List.copyOf(subjectAltNames);
    }

    public DeviceStatus status(Instant now) {
        if (revoked) {
            return DeviceStatus.REVOKED;
        }
        return currentNotAfter != null && now.isBefore(currentNotAfter) ? DeviceStatus.ACTIVE : DeviceStatus.EXPIRED;
    }
}
