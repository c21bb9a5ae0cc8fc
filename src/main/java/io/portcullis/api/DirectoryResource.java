package io.portcullis.api;

import io.portcullis.api.dto.DirectoryResponse;
import io.portcullis.config.PortcullisConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The endpoint URLs under the configured public URL; public, like an ACME directory. */
@Path("/api/v1/directory")
public class DirectoryResource {

    @Inject
    PortcullisConfig config;

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public DirectoryResponse directory() {
        return DirectoryResponse.under(config.publicUrl());
    }
}
