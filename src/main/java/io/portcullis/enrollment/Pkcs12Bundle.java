package io.portcullis.enrollment;

import io.portcullis.ca.CertificateRecord;

/**
 * A PKCS#12 bundle handed out once, and the record of the certificate inside it.
 *
 * @param pkcs12      the DER bundle: private key, certificate, CA certificate
 * @param certificate the stored record (the only thing the service keeps)
 */
public record Pkcs12Bundle(byte[] pkcs12, CertificateRecord certificate) {

    @Override
    public String toString() {
        return "Pkcs12Bundle[" + certificate.serialHex() + "]";
    }
}
