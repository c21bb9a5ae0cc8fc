package io.portcullis.audit;

import java.time.Instant;

/** A page of the audit trail, newest first; {@code action} and {@code since} are optional filters. */
public record AuditQuery(AuditAction action, Instant since, int page, int size) {
}
