package io.portcullis.api.dto;

import io.portcullis.ca.CaCertificate;
import io.portcullis.ca.CertificateRecord;
import io.portcullis.ca.Pem;
import io.portcullis.ca.SubjectAltName;
import java.time.Instant;
import java.util.List;

/**
 * A certificate as the API shows it; {@code chain} is the leaf followed by the CA certificate, PEM;
 * {@code renews} is the serial of the certificate a renewal replaces, or null; {@code deviceId} the
 * device it belongs to.
 */
public record CertificateResponse(
        String serialNumber,
        String subject,
        String commonName,
        List<String> subjectAltNames,
        Instant notBefore,
        Instant notAfter,
        String status,
        String keyAlgorithm,
        String sha256Fingerprint,
        String certificate,
        String chain,
        String renews,
        String deviceId) {

    public static CertificateResponse of(CertificateRecord r, CaCertificate ca, Instant now) {
        String pem = Pem.certificate(r.der());
        return new CertificateResponse(r.serialHex(), r.subject(), r.commonName(),
                r.subjectAltNames().stream().map(SubjectAltName::toString).toList(), r.notBefore(), r.notAfter(),
                r.status(now).label(), r.keyAlgorithm(), r.sha256Fingerprint(), pem, pem + ca.pem(),
                r.renews() == null ? null : r.renews().toString(16), r.deviceId());
    }
}
