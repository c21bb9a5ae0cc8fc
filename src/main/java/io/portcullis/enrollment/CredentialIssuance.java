package io.portcullis.enrollment;

import io.portcullis.audit.AuditAction;
import io.portcullis.audit.AuditTrail;
import io.portcullis.ca.Actor;
import io.portcullis.ca.Authority;
import io.portcullis.ca.CertificateRecord;
import io.portcullis.ca.CertificateRequest;
import io.portcullis.ca.Enrolment;
import io.portcullis.ca.ErrorType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Issuance for an administrator's or issuer's credential: the CSR is parsed, an issuer held to its
 * scope and given the subject policy decides, and the certificate made in a transaction shared with
 * concurrent issuances. Every refusal of that admission leaves an audit row, as refused orders and
 * token requests do; a CSR that does not parse and the issuance cycle's own refusals leave none.
 */
@ApplicationScoped
public class CredentialIssuance implements CsrIssuance {

    /** A name or validity beyond the scope, or a subject beyond policy: whatever admission refuses. */
    private static final Set<ErrorType> AUDITED = EnumSet.allOf(ErrorType.class);

    private final Authority authority;
    private final ScopeEnforcer scopes;
    private final PolicySubjects subjects;
    private final AuditTrail audit;

    @Inject
    public CredentialIssuance(Authority authority, ScopeEnforcer scopes, PolicySubjects subjects, AuditTrail audit) {
        this.authority = authority;
        this.scopes = scopes;
        this.subjects = subjects;
        this.audit = audit;
    }

    @Override
    public CertificateRecord issue(byte[] csr, Duration lifetime, Actor caller, CredentialScope scope) {
        CertificateRequest requested = authority.parse(csr);
        // checked before anything is written; the shared transaction is not the place for a refusal
        Admitted admitted = audit.refusalsAudited(caller, AuditAction.CERTIFICATE_ISSUED, null, AUDITED,
                () -> admit(requested, lifetime, caller, scope));
        return authority.issueShared(admitted.csr(), admitted.lifetime(), caller,
                Enrolment.byCredential(caller, scope.maxValidity()));
    }

    private Admitted admit(CertificateRequest requested, Duration lifetime, Actor caller, CredentialScope scope) {
        Duration admitted = scopes.admit(scope, requested, lifetime);
        CertificateRequest csr = CredentialRole.ISSUER.label().equals(caller.role())
                ? subjects.bind(requested, requested.commonName())
                : requested;
        return new Admitted(csr, admitted);
    }

    private record Admitted(CertificateRequest csr, Duration lifetime) {
    }
}
