package io.portcullis.audit;

import io.portcullis.ca.RevocationRecorded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Writes the audit rows of a revocation in the revoking transaction: {@code certificate.revoked}
 * for the certificate named and {@code device.revoked} for every device revoked with it.
 */
@ApplicationScoped
public class RevocationAudit {

    private final AuditTrail audit;

    @Inject
    public RevocationAudit(AuditTrail audit) {
        this.audit = audit;
    }

    void onRevoked(@Observes RevocationRecorded event) {
        if (event.serial() != null) {
            audit.record(event.actor(), AuditAction.CERTIFICATE_REVOKED, event.serial());
        }
        event.deviceIds().forEach(id -> audit.record(event.actor(), AuditAction.DEVICE_REVOKED, id));
    }
}
