package io.portcullis.ca;

/**
 * CDI event for an issued certificate: fired inside the issuing transaction, or right after the shared
 * one committed; observe it after success to act on committed issuance only.
 */
public record CertificateIssued(CertificateRecord certificate) {
}
