package io.portcullis.ca;

import java.security.PublicKey;
import java.util.List;

/**
 * A certificate signing request whose signature (proof of possession) and public key have been
 * checked. The subject starts as the requested one, re-encoded by the typed encoder after each
 * attribute was checked; policy replaces it ({@link #withSubject}) before issuance when the caller
 * may not choose it. {@code subject} is the RFC 4514 rendering for people.
 *
 * @param der             the whole CSR, DER
 * @param subjectName     the subject the certificate gets, attribute by attribute
 * @param subjectDer      that subject, DER (typed encoding)
 * @param subject         that subject, RFC 4514
 * @param commonName      its CN, or {@code null}
 * @param subjectAltNames the SANs of the extensionRequest attribute
 * @param publicKey       the verified public key
 * @param keyAlgorithm    a label such as {@code EC-P256} or {@code RSA-3072}
 * @param spkiSha256      lowercase hex SHA-256 of the SubjectPublicKeyInfo
 */
public record CertificateRequest(
        byte[] der,
        SubjectName subjectName,
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

    /** The same request with the subject policy decided on, already encoded. */
    public CertificateRequest withSubject(SubjectName name, byte[] nameDer, String rfc4514) {
        return new CertificateRequest(der, name, nameDer, rfc4514, name.commonName().orElse(null), subjectAltNames,
                publicKey, keyAlgorithm, spkiSha256);
    }

    public boolean isRsa() {
        return keyAlgorithm.startsWith("RSA");
    }
}
