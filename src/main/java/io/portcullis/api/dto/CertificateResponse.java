package io.portcullis.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.portcullis.ca.CaCertificate;
import io.portcullis.ca.CertificateRecord;
import io.portcullis.ca.Pem;
import java.time.Instant;
import java.util.List;

/**
 * A certificate as the API shows it; {@code chain} is the leaf followed by the CA certificate, PEM;
 * {@code renews} is the serial of the certificate a renewal replaces, or null; {@code deviceId} the
 * device it belongs to. In a listing a certificate has no PEM ({@code certificate} and {@code chain}
 * are absent) and only its first names ({@link NameSummary}); {@code url} is where the whole record is.
 */
public record CertificateResponse(
        String serialNumber,
        String subject,
        String commonName,
        List<String> subjectAltNames,
        int subjectAltNameCount,
        Instant notBefore,
        Instant notAfter,
        String status,
        String keyAlgorithm,
        String sha256Fingerprint,
        @JsonInclude(JsonInclude.Include.NON_NULL) String certificate,
        @JsonInclude(JsonInclude.Include.NON_NULL) String chain,
        String renews,
        String deviceId,
        String url) {

    public static CertificateResponse of(CertificateRecord r, CaCertificate ca, Instant now) {
        String pem = Pem.certificate(r.der());
        return of(r, NameSummary.all(r.subjectAltNames()), pem, pem + ca.pem(), now);
    }

    /** The record as a listing shows it: no PEM, the first names only. */
    public static CertificateResponse summary(CertificateRecord r, Instant now) {
        return of(r, NameSummary.first(r.subjectAltNames()), null, null, now);
    }

    private static CertificateResponse of(CertificateRecord r, List<String> names, String pem, String chain, Instant now) {
        return new CertificateResponse(r.serialHex(), r.subject(), r.commonName(), names, r.subjectAltNames().size(),
                r.notBefore(), r.notAfter(), r.status(now).label(), r.keyAlgorithm(), r.sha256Fingerprint(), pem, chain,
                r.renews() == null ? null : r.renews().toString(16), r.deviceId(),
                "/api/v1/certificates/" + r.serialHex());
    }
}
