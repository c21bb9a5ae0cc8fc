package io.portcullis.api;

import io.portcullis.api.dto.CaResponse;
import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.CaCertificate;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Variant;
import java.util.List;

/** The CA certificate, public: devices and nginx need it to trust what Portcullis issues. */
@Path("/api/v1/ca")
public class CaResource {

    private static final List<Variant> CERTIFICATE_VARIANTS =
            Variant.mediaTypes(MediaTypes.PEM_FILE_TYPE, MediaTypes.PKIX_CERT_TYPE).build();

    @Inject
    ActiveCa activeCa;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public CaResponse describe() {
        return CaResponse.of(activeCa.certificate());
    }

    /** PEM by default, DER for {@code Accept: application/pkix-cert}. */
    @GET
    @Path("/certificate")
    @Produces({MediaTypes.PEM_FILE, MediaTypes.PKIX_CERT})
    public Response certificate(@Context Request request) {
        CaCertificate ca = activeCa.certificate();
        Variant variant = request.selectVariant(CERTIFICATE_VARIANTS);
        if (variant != null && variant.getMediaType().isCompatible(MediaTypes.PKIX_CERT_TYPE)) {
            return Response.ok(ca.der(), MediaTypes.PKIX_CERT_TYPE).build();
        }
        return Response.ok(ca.pem(), MediaTypes.PEM_FILE_TYPE).build();
    }
}
