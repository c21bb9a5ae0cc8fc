package io.portcullis.ca.trust;

import io.portcullis.ca.CertificateSigner;

/** Port: encodes and signs CRLs with the CA key, as {@link CertificateSigner} does certificates. */
public interface CrlSigner {

    /**
     * Builds a v2 CRL whose issuer is byte for byte the active CA certificate's subject, with the
     * authority key identifier and CRL number extensions; returns it DER encoded.
     */
    SignedCrl signCrl(CrlTemplate template);

    /** The signed CRL and how many entries it has. */
    record SignedCrl(byte[] der, int entries) {
    }
}
