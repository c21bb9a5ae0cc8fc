package io.portcullis.api;

import io.portcullis.api.auth.CurrentActor;
import io.portcullis.api.auth.Roles;
import io.portcullis.api.dto.Pkcs12BundleRequest;
import io.portcullis.ca.Actor;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.enrollment.Pkcs12Bundles;
import io.portcullis.enrollment.Pkcs12Request;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * PKCS#12 bundles with a key the service generates: for an enrollment token (the token's subject)
 * or for an administrator or issuer (a subject within its scope). 201 with the bundle as a download.
 */
@Path("/api/v1/pkcs12")
public class Pkcs12Resource {

    @Inject
    Pkcs12Bundles bundles;

    @Inject
    CurrentActor actor;

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({Pkcs12Responses.PKCS12, MediaTypes.PROBLEM_JSON})
    public Response create(@NotNull(message = "a JSON body is required") Pkcs12BundleRequest body) {
        Actor caller = actor.get();
        boolean token = Roles.ENROLLMENT.equals(caller.role());
        if (!token && !Roles.ADMIN.equals(caller.role()) && !Roles.ISSUER.equals(caller.role())) {
            throw new CaException(ErrorType.FORBIDDEN, "Bundles are made with an enrollment token or an admin or issuer credential.");
        }
        if (token && (body.commonName() != null || body.subjectAltNames() != null || body.validityDays() != null
                || body.validity() != null)) {
            throw new CaException(ErrorType.MALFORMED, "With an enrollment token the subject and validity are the "
                    + "token's; leave out commonName, subjectAltNames, validityDays and validity.");
        }
        Pkcs12Request request = Pkcs12Request.of(body.password(), body.keyAlgorithm(), body.profile(), body.friendlyName());
        return Pkcs12Responses.created(token ? bundles.forToken(request, caller)
                : bundles.forCredential(request, body.commonName(), body.subjectAltNames(), body.lifetime(), caller,
                        actor.scope()));
    }
}
