package io.portcullis.api;

import io.portcullis.ca.ErrorType;
import io.portcullis.config.PortcullisConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A sidecar has no database and no CA of its own: it serves only {@code /api/v1/nginx/…}; every
 * other resource (the rest of the API, the enrollment page, whatever is added later) is 404 as if it
 * did not exist. An allow-list on the path's segments, not a deny-list on its spelling: a trailing
 * slash, a doubled slash or a dot segment cannot reach a resource that would open the database.
 */
public class SidecarApiFilter {

    private static final List<String> SERVED = List.of("api", "v1", "nginx");

    /** Looked up per request: filters are created during static init, before runtime configuration. */
    @Inject
    Instance<PortcullisConfig> config;

    @Inject
    ProblemMapper problems;

    @ServerRequestFilter(preMatching = true)
    public Response onlyNginxInTheSidecar(ContainerRequestContext request) {
        if (config.get().isSidecar() && !servedBySidecar(request.getUriInfo().getPath())) {
            return problems.problem(ErrorType.NOT_FOUND, "A Portcullis sidecar serves only /api/v1/nginx; ask the CA.");
        }
        return null;
    }

    /** Whether the path, once its empty and dot segments are resolved, lies under {@code /api/v1/nginx/}. */
    static boolean servedBySidecar(String path) {
        List<String> segments = PathSegments.of(path);
        return segments.size() > SERVED.size() && segments.subList(0, SERVED.size()).equals(SERVED);
    }
}
