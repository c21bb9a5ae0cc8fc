package io.portcullis.api;

import io.portcullis.ca.ErrorType;
import io.portcullis.config.PortcullisConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A sidecar has no database and no CA of its own: of the API it serves only {@code /api/v1/nginx},
 * everything else (and the enrollment page) is 404 as if it did not exist.
 */
public class SidecarApiFilter {

    /** Looked up per request: filters are created during static init, before runtime configuration. */
    @Inject
    Instance<PortcullisConfig> config;

    @Inject
    ProblemMapper problems;

    @ServerRequestFilter(preMatching = true)
    public Response onlyNginxInTheSidecar(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean caOnly = path.startsWith("/api/") && !path.startsWith("/api/v1/nginx/") || path.equals("/enroll");
        if (config.get().isSidecar() && caOnly) {
            return problems.problem(ErrorType.NOT_FOUND, "A Portcullis sidecar serves only /api/v1/nginx; ask the CA.");
        }
        return null;
    }
}
