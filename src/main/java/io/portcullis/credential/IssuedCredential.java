package io.portcullis.credential;

/** A new credential and its token, which exists only in this object and the one response. */
public record IssuedCredential(Credential credential, String token) {
}
