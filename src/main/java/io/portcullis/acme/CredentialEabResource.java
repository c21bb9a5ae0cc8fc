package io.portcullis.acme;

import io.portcullis.api.auth.CurrentActor;
import io.portcullis.api.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An ACME external account binding key for a credential: its account issues within the credential's scope, as the credential. Administrators only. */
@Path("/api/v1/credentials/{id}/acme-eab")
@RolesAllowed(Roles.ADMIN)
public class CredentialEabResource {

    @Inject
    EabKeys keys;

    @Inject
    CurrentActor actor;

    /** The response is the only place the HMAC key ever appears. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("id") String id) {
        return created(keys.forCredential(id, actor.get()));
    }

    /** 201 with the key, never cached. */
    static Response created(EabKeys.Issued issued) {
        return Response.status(Response.Status.CREATED).header("Cache-Control", "no-store")
                .entity(issued).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
