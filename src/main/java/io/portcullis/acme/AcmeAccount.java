package io.portcullis.acme;

import java.time.Instant;
import java.util.List;

/**
 * An ACME account: a public key and the external account binding that authorised it.
 *
 * @param jwk          the account's public key as JWK JSON
 * @param thumbprint   its RFC 7638 SHA-256 thumbprint, base64url
 * @param status       {@code valid} or {@code deactivated} (also once its credential or token is deleted)
 * @param credentialId the credential whose scope it acts in, or {@code null}
 * @param tokenId      the enrollment token whose identity it may obtain, or {@code null}
 */
public record AcmeAccount(String id, String jwk, String thumbprint, String status, List<String> contact, String eabKid,
        String credentialId, String tokenId, Instant createdAt) {

    public static final String VALID = "valid";
    public static final String DEACTIVATED = "deactivated";

    public AcmeAccount {
        contact = List.copyOf(contact);
    }

    public boolean valid() {
        return VALID.equals(status);
    }
}
