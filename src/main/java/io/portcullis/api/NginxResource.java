package io.portcullis.api;

import io.portcullis.api.auth.CurrentActor;
import io.portcullis.api.auth.Roles;
import io.portcullis.api.dto.NginxStatusResponse;
import io.portcullis.audit.AuditAction;
import io.portcullis.audit.AuditTrail;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.StartupRefusal;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.nginx.NginxConfigRenderer;
import io.portcullis.nginx.NginxDeployer;
import io.portcullis.nginx.NginxSettings;
import io.portcullis.nginx.NginxStatus;
import io.portcullis.nginx.NginxSync;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The nginx configuration for client-certificate authentication, and its deployment. */
@Path("/api/v1/nginx")
@RolesAllowed(Roles.ADMIN)
public class NginxResource {

    @Inject
    PortcullisConfig config;

    @Inject
    NginxConfigRenderer renderer;

    @Inject
    NginxDeployer deployer;

    @Inject
    NginxSync sync;

    @Inject
    CurrentActor actor;

    @Inject
    AuditTrail audit;

    /** The complete nginx.conf, or with {@code ?format=server} only the blocks for an {@code include}. */
    @GET
    @Path("/config")
    @Produces(MediaType.TEXT_PLAIN)
    public String config(@QueryParam("format") @DefaultValue("full") String format) {
        NginxSettings settings = settings();
        return switch (format) {
            case "full" -> renderer.full(settings, settings.prefix());
            case "server" -> renderer.servers(settings, settings.prefix());
            default -> throw new CaException(ErrorType.MALFORMED, "format must be full or server.");
        };
    }

    /**
     * Deploys now; 200 with the status once nginx serves the current CRL, 503 with the reason otherwise.
     * Either way an {@code nginx.reloaded} audit row names the CRL nginx serves (or was to serve), except
     * in the sidecar role, which has no database: there the log says it.
     */
    @POST
    @Path("/reload")
    @Produces(MediaType.APPLICATION_JSON)
    public NginxStatusResponse reload() {
        if (!config.nginx().enabled()) {
            throw new CaException(ErrorType.CONFLICT, "nginx management is off (PORTCULLIS_NGINX_ENABLED=false).");
        }
        NginxStatus status = sync.sync(NginxSync.API);
        String crl = NginxSync.crlTarget(status);
        boolean audited = !config.isSidecar();
        if (status.error() != null) {
            if (audited) {
                audit.recordRefusal(actor.get(), AuditAction.NGINX_RELOADED, crl, ErrorType.UNAVAILABLE);
            }
            throw new CaException(ErrorType.UNAVAILABLE, "nginx was not updated: " + status.error());
        }
        if (audited) {
            audit.recordDone(actor.get(), AuditAction.NGINX_RELOADED, crl);
        }
        return NginxStatusResponse.of(status);
    }

    @GET
    @Path("/status")
    @Produces(MediaType.APPLICATION_JSON)
    public NginxStatusResponse status() {
        return NginxStatusResponse.of(deployer.status());
    }

    private NginxSettings settings() {
        try {
            return NginxSettings.from(config);
        } catch (StartupRefusal e) {
            throw new CaException(ErrorType.CONFLICT, e.getMessage());
        }
    }
}
