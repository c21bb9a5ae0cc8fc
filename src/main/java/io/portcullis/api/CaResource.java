package io.portcullis.api;

import io.portcullis.api.dto.CaResponse;
import io.portcullis.ca.ActiveCa;
import io.portcullis.api.auth.CurrentActor;
import io.portcullis.api.auth.Roles;
import io.portcullis.ca.CaCertificate;
import io.portcullis.ca.CaRenewal;
import io.portcullis.ca.TrustMaterial;
import io.portcullis.crypto.CryptoProvider;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

    @Inject
    CryptoProvider crypto;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public CaResponse describe() {
        return CaResponse.of(activeCa.certificate(), crypto.name());
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

    // --- Lifecycle: CA renewal and the bundle relying parties trust ---

    @Inject
    CaRenewal caRenewal;

    @Inject
    TrustMaterial trustMaterial;

    @Inject
    CurrentActor actor;

    /** Every CA certificate still trusted (current and previous until they expire), PEM: nginx's ssl_client_certificate. */
    @GET
    @Path("/bundle")
    @Produces(MediaTypes.PEM_FILE)
    public Response bundle() {
        return Response.ok(trustMaterial.caBundlePem(), MediaTypes.PEM_FILE_TYPE).build();
    }

    /** A new self-signed CA certificate for the same key and subject, with a new validity. */
    @POST
    @Path("/renew")
    @RolesAllowed(Roles.ADMIN)
    @Produces(MediaType.APPLICATION_JSON)
    public Response renew() {
        CaCertificate renewed = caRenewal.renew(actor.get());
        return Response.status(Response.Status.CREATED).entity(CaResponse.of(renewed, crypto.name())).type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
