package io.portcullis.api.dto;

import io.portcullis.ca.CaCertificate;
import io.portcullis.ca.CertificateRecord;
import io.portcullis.ca.Device;
import java.time.Instant;
import java.util.List;

/**
 * A device as the API shows it: what enrolled it, the policy its renewals stay within, its key and
 * its newest certificate; {@code certificates} (newest first) only when one device is asked for.
 *
 * @param maxLifetimeSeconds     the most any renewal may get, or null for the service's maximum
 * @param initialLifetimeSeconds the first certificate's lifetime, the most the device's own renewal gets
 * @param spkiSha256             lowercase hex SHA-256 of the device's SubjectPublicKeyInfo
 */
public record DeviceResponse(
        String id,
        String status,
        String subject,
        String commonName,
        List<String> subjectAltNames,
        int subjectAltNameCount,
        String keyAlgorithm,
        String spkiSha256,
        String enrolledBy,
        String credentialId,
        String tokenId,
        String orderId,
        Long maxLifetimeSeconds,
        long initialLifetimeSeconds,
        String currentSerialNumber,
        Instant createdAt,
        Instant revokedAt,
        String revocationReason,
        List<CertificateResponse> certificates) {

    /** The device as a listing shows it: no certificates, the first names only ({@link NameSummary}). */
    public static DeviceResponse summary(Device d, Instant now) {
        return of(d, NameSummary.first(d.subjectAltNames()), null, null, now);
    }

    public static DeviceResponse of(Device d, List<CertificateRecord> certificates, CaCertificate ca, Instant now) {
        return of(d, NameSummary.all(d.subjectAltNames()), certificates, ca, now);
    }

    private static DeviceResponse of(Device d, List<String> names, List<CertificateRecord> certificates, CaCertificate ca,
            Instant now) {
        return new DeviceResponse(d.id(), d.status(now).label(), d.subject(), d.commonName(), names,
                d.subjectAltNames().size(), d.keyAlgorithm(), d.spkiSha256(),
                d.enrolledBy(), d.credentialId(), d.tokenId(), d.orderId(),
                d.maxLifetime() == null ? null : d.maxLifetime().toSeconds(), d.initialLifetime().toSeconds(),
                d.currentSerial().toString(16), d.createdAt(), d.revokedAt(),
                d.revocationReason() == null ? null : d.revocationReason().rfcName(),
                certificates == null ? null : certificates.stream().map(c -> CertificateResponse.of(c, ca, now)).toList());
    }
}
