package io.portcullis.ca;

/** CDI event fired inside the issuing transaction; observe it after success to act on committed issuance. */
public record CertificateIssued(CertificateRecord certificate) {
}
