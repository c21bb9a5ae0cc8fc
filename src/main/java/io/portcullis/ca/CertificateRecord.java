package io.portcullis.ca;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * The durable record of an issued certificate.
 *
 * @param revokedAt when it was revoked, or {@code null}
 * @param issuedBy  the {@link Actor} that asked for it, as {@code role:id}
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
        Instant revokedAt) {

    public CertificateRecord {
        subjectAltNames = List.copyOf(subjectAltNames);
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
