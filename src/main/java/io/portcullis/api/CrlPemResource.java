package io.portcullis.api;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

/** The current CRL as PEM at a fixed URL, for tools that cannot send an Accept header. */
@Path("/api/v1/crl.pem")
public class CrlPemResource {

    @Inject
    CrlResponses responses;

    @GET
    @NonBlocking // served from memory, see CrlResponses
    @Produces(MediaTypes.PEM_FILE)
    public Response crl(@Context Request request) {
        return responses.respond(request, true);
    }
}
