package io.portcullis.ca;

import java.time.Instant;

/** That, when, why and by whom a certificate was revoked. */
public record Revocation(Instant revokedAt, RevocationReason reason, String revokedBy) {
}
