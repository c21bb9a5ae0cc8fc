package io.portcullis.acme;

import io.portcullis.api.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An ACME external account binding key for a credential: its account issues within the credential's scope, as the credential. Administrators only. */
@Path("/api/v1/credentials/{id}/acme-eab")
@RolesAllowed(Roles.ADMIN)
public class CredentialEabResource extends EabKeyResource {

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("id") String id) {
        return created(keys.forCredential(id, actor.get()));
    }
}
