package io.portcullis.ca;

/**
 * Port to the CA's signing key. The software implementation keeps the key in memory; a PKCS#11 or
 * KMS signer would implement the same interface.
 */
public interface CertificateSigner {

    /** Builds and signs a leaf certificate; returns its DER encoding. */
    byte[] signCertificate(CertificateTemplate template);
}
