package io.portcullis.audit;

import java.time.Instant;

/**
 * One row of the audit trail. It names what happened to what, never secrets: no token, CSR or
 * passphrase ever reaches an audit event.
 *
 * @param id            database id, {@code 0} before it is stored
 * @param actorId       the credential or enrollment token id, {@code bootstrap-admin}, {@code system}
 * @param actorRole     {@code admin}, {@code issuer}, {@code auditor}, {@code enrollment}, {@code anonymous}, {@code system}
 * @param target        the id of what was acted on (credential, token, order id, serial)
 * @param outcome       {@code success}, or a short reason for another outcome
 * @param remoteAddress the client's address, or {@code null} when no request caused the action
 */
public record AuditEvent(
        long id,
        Instant occurredAt,
        String actorId,
        String actorRole,
        String action,
        String target,
        String outcome,
        String remoteAddress) {
}
