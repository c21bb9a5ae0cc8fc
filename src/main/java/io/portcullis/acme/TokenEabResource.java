package io.portcullis.acme;

import io.portcullis.api.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An ACME external account binding key for an enrollment token: its account obtains the token's identity, spending its uses. Administrators only. */
@Path("/api/v1/enrollment-tokens/{id}/acme-eab")
@RolesAllowed(Roles.ADMIN)
public class TokenEabResource extends EabKeyResource {

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("id") String id) {
        return created(keys.forToken(id, actor.get()));
    }
}
