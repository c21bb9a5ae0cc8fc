package io.portcullis.api;

import jakarta.ws.rs.core.MediaType;

/** Media types of the PKIX world (RFC 2585, RFC 5967, RFC 6960, RFC 7468) and RFC 9457. */
public final class MediaTypes {

    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String PKCS10 = "application/pkcs10";
    public static final String PEM_FILE = "application/x-pem-file";
    public static final String PKIX_CERT = "application/pkix-cert";
    public static final String PKIX_CRL = "application/pkix-crl";
    public static final String OCSP_REQUEST = "application/ocsp-request";
    public static final String OCSP_RESPONSE = "application/ocsp-response";

    public static final MediaType PEM_FILE_TYPE = MediaType.valueOf(PEM_FILE);
    public static final MediaType PKIX_CERT_TYPE = MediaType.valueOf(PKIX_CERT);
    public static final MediaType PKIX_CRL_TYPE = MediaType.valueOf(PKIX_CRL);

    private MediaTypes() {
    }
}
