package io.portcullis.audit;

import io.portcullis.ca.Actor;
import io.portcullis.ca.CertificateIssued;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Audits every issued certificate, whichever path issued it. The event is observed synchronously,
 * inside the issuing transaction, so the certificate and its audit row commit together.
 */
@ApplicationScoped
public class IssuanceAudit {

    private final AuditTrail trail;

    @Inject
    public IssuanceAudit(AuditTrail trail) {
        this.trail = trail;
    }

    void onIssued(@Observes CertificateIssued event) {
        trail.record(issuer(event.certificate().issuedBy()), AuditAction.CERTIFICATE_ISSUED,
                event.certificate().serialHex());
    }

    /** Reads back {@code role:id}, the form {@link Actor#toString()} gives certificate records. */
    static Actor issuer(String issuedBy) {
        int colon = issuedBy.indexOf(':');
        return colon < 0 ? new Actor(issuedBy, "unknown")
                : new Actor(issuedBy.substring(colon + 1), issuedBy.substring(0, colon));
    }
}
