package io.portcullis.acme;

import java.time.Instant;

/**
 * An external account binding key (RFC 8555 section 7.3.4), for exactly one credential or token.
 *
 * @param encryptedKey the HMAC key as {@link EabCipher} sealed it
 * @param accountId    the account it bound, or {@code null} while unused
 */
public record EabKey(String kid, String credentialId, String tokenId, byte[] encryptedKey, String createdBy,
        Instant createdAt, String accountId) {
}
