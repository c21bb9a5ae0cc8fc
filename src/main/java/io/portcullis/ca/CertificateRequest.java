package io.portcullis.ca;

import java.security.PublicKey;
import java.util.List;

/**
 * A certificate signing request whose signature (proof of possession) and public key have been
 * checked. The subject is kept as its DER encoding so it is copied into the certificate byte for
 * byte; {@code subject} is the RFC 4514 rendering for people.
 *
 * @param der             the whole CSR, DER
 * @param subjectDer      the requested subject name, DER
 * @param subject         the requested subject, RFC 4514
 * @param commonName      the first CN of the subject, or {@code null}
 * @param subjectAltNames the SANs of the extensionRequest attribute
 * @param publicKey       the verified public key
 * @param keyAlgorithm    a label such as {@code EC-P256} or {@code RSA-3072}
 * @param spkiSha256      lowercase hex SHA-256 of the SubjectPublicKeyInfo
 */
public record CertificateRequest(
        byte[] der,
        byte[] subjectDer,
        String subject,
        String commonName,
        List<SubjectAltName> subjectAltNames,
        PublicKey publicKey,
        String keyAlgorithm,
        String spkiSha256) {

    public CertificateRequest {
        subjectAltNames = List.copyOf(subjectAltNames);
    }

    public boolean isRsa() {
        return keyAlgorithm.startsWith("RSA");
    }
}
