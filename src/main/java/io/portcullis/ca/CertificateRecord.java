package io.portcullis.ca;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The durable record of an issued certificate.
 *
 * @param revokedAt when it was revoked, or {@code null}
 * @param issuedBy  the {@link Actor} that asked for it, as {@code role:id}
 * @param renews    the serial of the certificate this one renews (same key and names), or {@code null}
 * @param deviceId  the device it belongs to
 */
public record CertificateRecord(
        BigInteger serial,
        String subject,
        String commonName,
        List<SubjectAltName> subjectAltNames,
        Instant notBefore,
        Instant notAfter,
        String keyAlgorithm,
        String sha256Fingerprint,
        String spkiSha256,
        byte[] der,
        String issuedBy,
        Instant issuedAt,
        Instant revokedAt,
        BigInteger renews,
        String deviceId) {

    public CertificateRecord {
        subjectAltNames = List.copyOf(subjectAltNames);
    }

    /** This record as the renewal of {@code renewed}. */
    public CertificateRecord renewing(BigInteger renewed) {
        return new CertificateRecord(serial, subject, commonName, subjectAltNames, notBefore, notAfter, keyAlgorithm,
                sha256Fingerprint, spkiSha256, der, issuedBy, issuedAt, revokedAt, renewed, deviceId);
    }

    /** The lifetime it was given, without the backdating. */
    public Duration grantedLifetime() {
        Duration lifetime = Duration.between(notBefore, notAfter).minus(Lifetimes.BACKDATE);
        return lifetime.isNegative() || lifetime.isZero() ? Duration.ofSeconds(1) : lifetime;
    }

    /** Lowercase hex without separators, the serial's form in URLs and JSON. */
    public String serialHex() {
        return serial.toString(16);
    }

    public CertificateStatus status(Instant now) {
        if (revokedAt != null) {
            return CertificateStatus.REVOKED;
        }
        return now.isBefore(notAfter) ? CertificateStatus.VALID : CertificateStatus.EXPIRED;
    }
}
