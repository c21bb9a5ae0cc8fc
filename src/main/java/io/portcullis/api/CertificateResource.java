package io.portcullis.api;

import io.portcullis.api.auth.CurrentActor;
import io.portcullis.api.auth.Roles;
import io.portcullis.api.dto.CertificateResponse;
import io.portcullis.api.dto.IssueCertificateRequest;
import io.portcullis.api.dto.PageResponse;
import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.Authority;
import io.portcullis.ca.CertificateRecord;
import io.portcullis.ca.CertificateStatus;
import io.portcullis.ca.Page;
import io.portcullis.ca.Pem;
import io.portcullis.enrollment.CsrIssuance;
import io.portcullis.enrollment.CredentialScope;
import io.portcullis.enrollment.ScopedLifecycle;
import io.portcullis.api.dto.RenewRequest;
import io.portcullis.api.dto.RenewalInfoResponse;
import io.portcullis.api.dto.RevocationResponse;
import io.portcullis.api.dto.RevokeRequest;
import io.portcullis.ca.Actor;
import io.portcullis.ca.Lifetimes;
import io.portcullis.ca.Renewals;
import io.portcullis.ca.RevocationReason;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Variant;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Issuing certificates from CSRs and reading the records. */
@Path("/api/v1/certificates")
public class CertificateResource {

    private static final List<Variant> RECORD_VARIANTS =
            Variant.mediaTypes(MediaType.APPLICATION_JSON_TYPE, MediaTypes.PEM_FILE_TYPE).build();

    @Inject
    Authority authority;

    @Inject
    ActiveCa activeCa;

    @Inject
    CurrentActor actor;

    @Inject
    Clock clock;

    @Inject
    CsrIssuance issuance;

    /** Issues from {@code {"csr": "<PEM>", "validityDays": n}} or {@code "validity": "PT8H"}. */
    @POST
    @RolesAllowed({Roles.ADMIN, Roles.ISSUER})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response issueJson(@Valid @NotNull(message = "a JSON body is required") IssueCertificateRequest body) {
        Duration lifetime = body.lifetime();
        return issued(issuance.issue(body.csr().getBytes(StandardCharsets.US_ASCII), lifetime, actor.get(),
                actor.scope()));
    }

    /** Issues from a raw PEM or DER CSR, as {@code curl --data-binary @device.csr} sends it. */
    @POST
    @RolesAllowed({Roles.ADMIN, Roles.ISSUER})
    @Consumes(MediaTypes.PKCS10)
    @Produces(MediaType.APPLICATION_JSON)
    public Response issueRaw(byte[] body, @QueryParam("validityDays") Integer validityDays,
            @QueryParam("validity") String validity) {
        Duration lifetime = Lifetimes.requested(validityDays, validity, "validityDays", "validity");
        return issued(issuance.issue(body, lifetime, actor.get(), actor.scope()));
    }

    private Response issued(CertificateRecord record) {
        return Response.status(Response.Status.CREATED)
                .header("Location", "/api/v1/certificates/" + record.serialHex())
                .entity(CertificateResponse.of(record, activeCa.certificate(), clock.instant()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** The record as JSON, or the PEM chain (leaf + CA) for {@code Accept: application/x-pem-file}. */
    @GET
    @Path("/{serial}")
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
    @Produces({MediaType.APPLICATION_JSON, MediaTypes.PEM_FILE})
    public Response get(@PathParam("serial") String serial, @Context Request request) {
        CertificateRecord record = authority.get(Serials.parse(serial));
        Variant variant = request.selectVariant(RECORD_VARIANTS);
        if (variant != null && variant.getMediaType().isCompatible(MediaTypes.PEM_FILE_TYPE)) {
            return Response.ok(Pem.certificate(record.der()) + activeCa.certificate().pem(), MediaTypes.PEM_FILE_TYPE).build();
        }
        return Response.ok(CertificateResponse.of(record, activeCa.certificate(), clock.instant()),
                MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Newest first, filtered by status, common name or expiry. */
    @GET
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
    @Produces(MediaType.APPLICATION_JSON)
    public PageResponse<CertificateResponse> list(@QueryParam("status") String status,
            @QueryParam("commonName") String commonName,
            @QueryParam("expiringWithinDays") Integer expiringWithinDays,
            @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        Page<CertificateRecord> found = authority.search(status == null ? null : CertificateStatus.fromLabel(status),
                commonName, expiringWithinDays, page, size);
        var now = clock.instant();
        Page<CertificateResponse> mapped = found.map(r -> CertificateResponse.summary(r, now));
        return new PageResponse<>(mapped.items(), mapped.total(), mapped.page(), mapped.size());
    }

    // --- Lifecycle: revocation, renewal. Who may act is decided by LifecyclePolicy. ---

    @Inject
    ScopedLifecycle lifecycle;

    @Inject
    Renewals renewals;

    @Inject
    Callers callers;

    /**
     * Revokes with an RFC 5280 reason. Administrators by bearer token, or the holder presenting
     * the certificate itself. Answers once the revocation and the CRL listing it are committed.
     */
    @POST
    @Path("/{serial}/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public RevocationResponse revoke(@PathParam("serial") String serial, RevokeRequest body) {
        Actor caller = callers.bearerOrHolder();
        RevocationReason reason = RevocationReason.fromName(body == null ? null : body.reason());
        return RevocationResponse.of(lifecycle.revoke(Serials.parse(serial), reason, caller, scopeOf(caller)));
    }

    /** Renews: same subject, names and key, new serial and validity; also after expiry, never when revoked. */
    @POST
    @Path("/{serial}/renew")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response renew(@PathParam("serial") String serial, RenewRequest body) {
        Actor caller = callers.bearerOrHolder();
        Renewals.Renewed renewed = lifecycle.renew(Serials.parse(serial), body == null ? null : body.lifetime(), caller,
                scopeOf(caller));
        CertificateRecord renewal = renewed.certificate();
        // a retry of a lost response gets the successor it missed, as 200: nothing new was made
        return Response.status(renewed.replayed() ? Response.Status.OK : Response.Status.CREATED)
                .header("Location", "/api/v1/certificates/" + renewal.serialHex())
                .header("Link", "</api/v1/certificates/" + serial + ">; rel=\"predecessor-version\"")
                .entity(CertificateResponse.of(renewal, activeCa.certificate(), clock.instant()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** When to renew (ACME ARI style); public like ARI, it reveals no more than OCSP does. */
    @GET
    @Path("/{serial}/renewal-info")
    @Produces(MediaType.APPLICATION_JSON)
    public Response renewalInfo(@PathParam("serial") String serial) {
        return Response.ok(RenewalInfoResponse.of(renewals.renewalInfo(Serials.parse(serial))))
                .header("Retry-After", Renewals.RETRY_AFTER.toSeconds())
                .build();
    }

    /** An issuer's credential scope; holders and other roles are not held to one here. */
    private CredentialScope scopeOf(Actor caller) {
        return Roles.ISSUER.equals(caller.role()) ? actor.scope() : CredentialScope.UNRESTRICTED;
    }
}
