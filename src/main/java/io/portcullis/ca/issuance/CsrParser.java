package io.portcullis.ca.issuance;

import io.portcullis.ca.CertificateRequest;
import io.portcullis.ca.ErrorType;

/** Port: turns a PEM or DER CSR into a verified {@link CertificateRequest}. */
public interface CsrParser {

    /**
     * @param body a PEM ({@code CERTIFICATE REQUEST}) or DER encoded PKCS#10 request
     * @throws CaException {@link ErrorType#BAD_CSR} for anything unreadable or with a bad signature,
     *                     {@link ErrorType#BAD_PUBLIC_KEY} for a key Portcullis does not certify
     */
    CertificateRequest parse(byte[] body);
}
