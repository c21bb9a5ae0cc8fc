package io.portcullis.acme;

import io.portcullis.api.dto.RenewalInfoResponse;
import io.portcullis.ca.CaException;
import io.portcullis.ca.Renewals;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The unsigned ACME resources: the directory, newNonce and renewalInfo (RFC 9773). */
@Path(AcmeUrls.ROOT)
@PermitAll
public class AcmeDirectoryResource {

    @Inject
    AcmeUrls urls;

    @Inject
    AcmeResponses responses;

    @Inject
    AcmeRenewalInfo renewalInfo;

    /** The URL to paste into ACME clients. */
    @GET
    @Path("/directory")
    @Produces(MediaType.APPLICATION_JSON)
    public Response directory() {
        return Response.ok(AcmeJson.directory(urls), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @HEAD
    @Path("/new-nonce")
    public Response nonceHead() {
        return responses.headers(Response.ok()).build();
    }

    @GET
    @Path("/new-nonce")
    public Response nonceGet() {
        return responses.headers(Response.noContent()).build();
    }

    /** When to renew the certificate a certID (RFC 9773 section 4.1) names. */
    @GET
    @Path("/renewal-info/{certId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response renewalInfo(@PathParam("certId") String certId) {
        return Response.ok(RenewalInfoResponse.of(renewalInfo.window(certId)), MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", Renewals.RETRY_AFTER.toSeconds())
                .build();
    }

    @ServerExceptionMapper
    public Response acmeProblem(CaException e) {
        return responses.problem(e);
    }
}
