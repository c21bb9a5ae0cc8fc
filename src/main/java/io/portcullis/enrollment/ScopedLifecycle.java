package io.portcullis.enrollment;

import io.portcullis.ca.Actor;
import io.portcullis.ca.Authority;
import io.portcullis.ca.CertificateRecord;
import io.portcullis.ca.Renewals;
import io.portcullis.ca.RevocationReason;
import io.portcullis.ca.Revocations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;

/**
 * Revoking and renewing one certificate for a bearer credential or the certificate's holder. An
 * issuer manages only certificates whose names its credential may issue, within its validity cap;
 * the scope lives with the credential, so it is admitted here before the core's
 * {@code LifecyclePolicy} lets the issuer role through. Others pass unchanged to that policy.
 */
@ApplicationScoped
public class ScopedLifecycle {

    private final Authority authority;
    private final ScopeEnforcer scopes;
    private final Revocations revocations;
    private final Renewals renewals;

    @Inject
    public ScopedLifecycle(Authority authority, ScopeEnforcer scopes, Revocations revocations, Renewals renewals) {
        this.authority = authority;
        this.scopes = scopes;
        this.revocations = revocations;
        this.renewals = renewals;
    }

    /** Revokes with an RFC 5280 reason; answers once the revocation and the CRL listing it are committed. */
    public Revocations.Revoked revoke(BigInteger serial, RevocationReason reason, Actor caller, CredentialScope scope) {
        admit(serial, null, caller, scope);
        return revocations.revoke(serial, reason, caller);
    }

    /** Renews: same subject, names and key, new serial and validity. */
    public Renewals.Renewed renew(BigInteger serial, Duration lifetime, Actor caller, CredentialScope scope) {
        return renewals.renew(serial, admit(serial, lifetime, caller, scope), caller);
    }

    private Duration admit(BigInteger serial, Duration lifetime, Actor caller, CredentialScope scope) {
        if (!CredentialRole.ISSUER.label().equals(caller.role())) {
            return lifetime;
        }
        CertificateRecord target = authority.get(serial);
        return scopes.admit(scope, target.commonName(), target.subjectAltNames(), lifetime);
    }
}
