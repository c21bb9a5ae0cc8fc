package io.portcullis.api.auth;

import io.portcullis.ca.Actor;
import io.portcullis.credential.CredentialScope;
import io.portcullis.enrollment.Orders;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The {@link Actor} behind the current request. */
@RequestScoped
public class CurrentActor {

    @Inject
    SecurityIdentity identity;

    public Actor get() {
        Actor actor = identity.getAttribute(TokenIdentityProvider.ACTOR);
        if (actor == null) {
            throw new io.quarkus.security.UnauthorizedException();
        }
        return actor;
    }

    /** The actor, or {@link Orders#ANONYMOUS} for a request without credentials. */
    public Actor orAnonymous() {
        return identity.isAnonymous() ? Orders.ANONYMOUS : get();
    }

    /** What the caller's credential may issue; refuses callers without a credential scope. */
    public CredentialScope scope() {
        CredentialScope scope = identity.getAttribute(TokenIdentityProvider.SCOPE);
        if (scope == null) {
            throw new ForbiddenException();
        }
        return scope;
    }
}
