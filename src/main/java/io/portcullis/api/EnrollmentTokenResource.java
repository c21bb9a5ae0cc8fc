package io.portcullis.api;

import io.portcullis.api.auth.CurrentActor;
import io.portcullis.api.auth.Roles;
import io.portcullis.api.dto.CreateEnrollmentTokenRequest;
import io.portcullis.api.dto.EnrollmentTokenResponse;
import io.portcullis.api.dto.PageResponse;
import io.portcullis.enrollment.EnrollmentTokens;
import io.portcullis.enrollment.IssuedEnrollmentToken;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Enrollment tokens for devices: administrators, and issuers within their scope. */
@Path("/api/v1/enrollment-tokens")
public class EnrollmentTokenResource {

    @Inject
    EnrollmentTokens tokens;

    @Inject
    CurrentActor actor;

    /** Creates a token; the response is the only place its secret ever appears. */
    @POST
    @RolesAllowed({Roles.ADMIN, Roles.ISSUER})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(@NotNull(message = "a JSON body is required") CreateEnrollmentTokenRequest body) {
        IssuedEnrollmentToken issued = tokens.create(new EnrollmentTokens.TokenSpec(body.commonName(),
                body.subjectAltNames(), body.validityDays(), body.validity(), body.uses(), body.expiresInSeconds(),
                body.approval()), actor.get(), actor.scope());
        return Response.status(Response.Status.CREATED)
                .header("Cache-Control", "no-store")
                .entity(EnrollmentTokenResponse.of(issued.token(), issued.secret()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** Live tokens, newest first; an issuer sees its own. */
    @GET
    @RolesAllowed({Roles.ADMIN, Roles.ISSUER, Roles.AUDITOR})
    @Produces(MediaType.APPLICATION_JSON)
    public PageResponse<EnrollmentTokenResponse> list(@QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        var found = tokens.list(actor.get(), page, size).map(t -> EnrollmentTokenResponse.of(t, null));
        return new PageResponse<>(found.items(), found.total(), found.page(), found.size());
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.ISSUER})
    public Response delete(@PathParam("id") String id) {
        tokens.delete(id, actor.get());
        return Response.noContent().build();
    }
}
