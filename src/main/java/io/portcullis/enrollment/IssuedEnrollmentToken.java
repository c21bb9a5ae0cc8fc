package io.portcullis.enrollment;

/** A new enrollment token and its secret, which exists only in this object and the one response. */
public record IssuedEnrollmentToken(EnrollmentToken token, String secret) {
}
