package io.portcullis.api;

import io.portcullis.api.auth.CurrentActor;
import io.portcullis.ca.Actor;
import io.portcullis.ca.LifecyclePolicy;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * Who calls a lifecycle endpoint: the credential of the bearer token when one is sent (a bad token
 * is a 401, never a fallback), otherwise the holder of the presented client certificate.
 * What each may do is decided by {@link LifecyclePolicy}, not here.
 */
@RequestScoped
public class Callers {

    @Inject
    CurrentVertxRequest current;

    @Inject
    CurrentActor bearer;

    @Inject
    PresentedCertificate presented;

    public Actor bearerOrHolder() {
        if (current.getCurrent().request().getHeader("Authorization") != null) {
            return bearer.get();
        }
        return holder();
    }

    /** The holder of the presented certificate, or 401. */
    public Actor holder() {
        return LifecyclePolicy.holder(presented.require());
    }
}
