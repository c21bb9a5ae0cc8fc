package io.portcullis.ca.lifecycle;

/** Port: answers RFC 6960 OCSP requests, signed with the CA key. */
public interface OcspResponder {

    /**
     * Answers a DER OCSPRequest with a DER OCSPResponse; never throws for bad input, which gets an
     * OCSP {@code malformedRequest} response instead.
     */
    byte[] respond(byte[] request);

    /** An OCSP {@code tryLater} response: the answer while certificate statuses cannot be read (database down). */
    byte[] tryLater();
}
