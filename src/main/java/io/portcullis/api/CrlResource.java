package io.portcullis.api;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Variant;
import java.util.List;

/** The current CRL, public: DER by default, PEM for {@code Accept: application/x-pem-file}. */
@Path("/api/v1/crl")
public class CrlResource {

    private static final List<Variant> VARIANTS =
            Variant.mediaTypes(MediaTypes.PKIX_CRL_TYPE, MediaTypes.PEM_FILE_TYPE).build();

    @Inject
    CrlResponses responses;

    @GET
    @NonBlocking // served from memory, see CrlResponses
    @Produces({MediaTypes.PKIX_CRL, MediaTypes.PEM_FILE})
    public Response crl(@Context Request request) {
        Variant variant = request.selectVariant(VARIANTS);
        return responses.respond(request, variant != null && variant.getMediaType().isCompatible(MediaTypes.PEM_FILE_TYPE));
    }
}
