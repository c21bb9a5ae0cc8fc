package io.portcullis.api;

import io.portcullis.api.auth.Roles;
import io.portcullis.api.dto.KubernetesStatusResponse;
import io.portcullis.kubernetes.KubernetesSync;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;

/** The Kubernetes objects this service keeps current, and how their writes went. */
@Path("/api/v1/kubernetes")
@RolesAllowed(Roles.ADMIN)
public class KubernetesResource {

    @Inject
    KubernetesSync sync;

    @Inject
    Clock clock;

    @GET
    @Path("/status")
    @Produces(MediaType.APPLICATION_JSON)
    public KubernetesStatusResponse status() {
        return KubernetesStatusResponse.of(sync.enabled(), sync.statuses(), clock.instant());
    }
}
