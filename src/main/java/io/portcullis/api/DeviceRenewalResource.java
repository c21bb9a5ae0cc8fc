package io.portcullis.api;

import io.portcullis.api.dto.CertificateResponse;
import io.portcullis.api.dto.RenewRequest;
import io.portcullis.ca.Actor;
import io.portcullis.ca.CertificateRecord;
import io.portcullis.ca.lifecycle.Renewals;
import io.portcullis.ca.trust.ActiveCa;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.time.Clock;

/**
 * Self-renewal: a device renews the certificate it presents (TLS client certificate, or the header
 * of a trusted proxy). No token needed: the certificate is the credential, as in the openssl recipe.
 * {@code Renewals} holds it to its device: the newest certificate only, inside the renewal window,
 * within the lifetime it was enrolled with, and while the issuer that enrolled it exists.
 */
@Path("/api/v1/renew")
public class DeviceRenewalResource {

    @Inject
    Callers callers;

    @Inject
    Renewals renewals;

    @Inject
    ActiveCa activeCa;

    @Inject
    Clock clock;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response renew(RenewRequest body) {
        Actor holder = callers.holder();
        Renewals.Renewed renewed = renewals.renew(new BigInteger(holder.id(), 16),
                body == null ? null : body.lifetime(), holder);
        CertificateRecord renewal = renewed.certificate();
        // a retry of a lost response gets the successor it missed, as 200: nothing new was made
        return Response.status(renewed.replayed() ? Response.Status.OK : Response.Status.CREATED)
                .header("Location", "/api/v1/certificates/" + renewal.serialHex())
                .entity(CertificateResponse.of(renewal, activeCa.certificate(), clock.instant()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
