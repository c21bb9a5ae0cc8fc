package io.portcullis.api.auth;

import io.portcullis.ca.Actor;
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
}
