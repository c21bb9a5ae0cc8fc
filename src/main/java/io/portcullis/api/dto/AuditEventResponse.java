package io.portcullis.api.dto;

import io.portcullis.audit.AuditEvent;
import java.time.Instant;

/** One audit trail entry. */
public record AuditEventResponse(
        long id,
        Instant occurredAt,
        String actorId,
        String actorRole,
        String action,
        String target,
        String outcome,
        String remoteAddress) {

    public static AuditEventResponse of(AuditEvent e) {
        return new AuditEventResponse(e.id(), e.occurredAt(), e.actorId(), e.actorRole(), e.action(), e.target(),
                e.outcome(), e.remoteAddress());
    }
}
