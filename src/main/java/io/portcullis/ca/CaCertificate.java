package io.portcullis.ca;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import javax.security.auth.x500.X500Principal;

/**
 * A CA certificate as the rest of the service sees it.
 *
 * @param certificate  the parsed certificate
 * @param keyAlgorithm a label such as {@code EC-P256}
 */
public record CaCertificate(X509Certificate certificate, String keyAlgorithm) {

    public byte[] der() {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate re-encodes", e);
        }
    }

    public String subject() {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    public BigInteger serial() {
        return certificate.getSerialNumber();
    }

    public String serialHex() {
        return serial().toString(16);
    }

    public Instant notBefore() {
        return certificate.getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    public String sha256Fingerprint() {
        return Hashes.sha256Hex(der());
    }

    public String pem() {
        return Pem.certificate(der());
    }
}
