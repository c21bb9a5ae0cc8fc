package io.portcullis.api;

import io.portcullis.api.auth.CurrentActor;
import io.portcullis.api.auth.Roles;
import io.portcullis.api.dto.CreateCredentialRequest;
import io.portcullis.api.dto.CredentialResponse;
import io.portcullis.credential.Credentials;
import io.portcullis.credential.IssuedCredential;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Credentials of people and CI pipelines; administrators only. */
@Path("/api/v1/credentials")
@RolesAllowed(Roles.ADMIN)
public class CredentialResource {

    @Inject
    Credentials credentials;

    @Inject
    CurrentActor actor;

    /** Creates a credential; the response is the only place its token ever appears. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(@NotNull(message = "a JSON body is required") CreateCredentialRequest body) {
        IssuedCredential issued = credentials.create(new Credentials.CredentialSpec(body.name(), body.role(),
                body.allowedNames(), body.allowedIps(), body.allowedUris(), body.allowedEmails(), body.maxValidityDays(),
                body.maxValidity()), actor.get());
        return Response.status(Response.Status.CREATED)
                .header("Cache-Control", "no-store")
                .entity(CredentialResponse.of(issued.credential(), issued.token()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<CredentialResponse> list() {
        return credentials.list().stream().map(c -> CredentialResponse.of(c, null)).toList();
    }

    /** Revokes a credential; it stops working with the next request. */
    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        credentials.delete(id, actor.get());
        return Response.noContent().build();
    }
}
