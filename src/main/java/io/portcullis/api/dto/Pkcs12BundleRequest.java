package io.portcullis.api.dto;

import io.portcullis.ca.Lifetimes;
import java.time.Duration;
import java.util.List;

/**
 * JSON body of {@code POST /api/v1/pkcs12}. With an enrollment token the subject is the token's
 * and the subject fields must be absent; an administrator or issuer names it.
 *
 * @param password        protects the bundle; at least 8 characters; never stored or logged
 * @param keyAlgorithm    {@code EC-P256} (default), {@code RSA-2048} or {@code RSA-3072}
 * @param profile         {@code modern} (default, AES-256/PBKDF2/SHA-256) or {@code legacy} (3DES/SHA-1)
 * @param friendlyName    the name import dialogs show; the common name by default
 * @param commonName      administrators and issuers only
 * @param subjectAltNames administrators and issuers only
 * @param validityDays    administrators and issuers only
 * @param validity        administrators and issuers only: the lifetime as an ISO-8601 duration ({@code PT8H})
 */
public record Pkcs12BundleRequest(String password, String keyAlgorithm, String profile, String friendlyName,
        String commonName, List<String> subjectAltNames, Integer validityDays, String validity) {

    @Override
    public String toString() {
        return "Pkcs12BundleRequest[" + commonName + ", password not shown]";
    }

    /** The lifetime asked for, or {@code null} for the default; {@code malformed} for both fields or a bad duration. */
    public Duration lifetime() {
        return Lifetimes.requested(validityDays, validity, "validityDays", "validity");
    }
}
