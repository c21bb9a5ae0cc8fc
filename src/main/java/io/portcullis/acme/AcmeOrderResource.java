package io.portcullis.acme;

import io.portcullis.audit.AuditAction;
import io.portcullis.audit.AuditTrail;
import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.CaException;
import io.portcullis.ca.CertificateRecord;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.Pem;
import io.portcullis.enrollment.Orders;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** newOrder, orders, authorizations, finalize, certificate download and revokeCert. */
@Path(AcmeUrls.ROOT)
@PermitAll
public class AcmeOrderResource {

    /** RFC 8555 section 9.1. */
    static final String PEM_CHAIN = "application/pem-certificate-chain";

    @Inject
    AcmeRequests requests;

    @Inject
    AcmeResponses responses;

    @Inject
    AcmeOrders orders;

    @Inject
    Accounts accounts;

    @Inject
    AcmeRevocations revocations;

    @Inject
    AcmeUrls urls;

    @Inject
    ActiveCa activeCa;

    @Inject
    AuditTrail audit;

    @Inject
    Orders enrollmentOrders;

    @Inject
    Clock clock;

    @Context
    UriInfo uri;

    @POST
    @Path("/new-order")
    @Consumes(AcmeAccountResource.JOSE_JSON)
    public Response newOrder(byte[] body) {
        JwsVerifier.Verified request = verify(body, JwsVerifier.KeyMode.KID);
        AcmeOrder order;
        try {
            order = orders.create(request.account(), AcmeRequests.json(request));
        } catch (CaException refused) {
            if (refused.type() == ErrorType.REJECTED_IDENTIFIER) {
                // an account reaching beyond its binding leaves a trace, as refused orders do
                audit.recordRefusal(accounts.actor(request.account()), AuditAction.ORDER_CREATED, null, refused.type());
            }
            throw refused;
        }
        return responses.created(urls.order(order.id()), AcmeJson.order(order, clock.instant(), urls));
    }

    @POST
    @Path("/order/{id}")
    @Consumes(AcmeAccountResource.JOSE_JSON)
    public Response order(@PathParam("id") String id, byte[] body) {
        JwsVerifier.Verified request = verify(body, JwsVerifier.KeyMode.KID);
        return orderAnswer(orders.get(request.account(), id));
    }

    @POST
    @Path("/order/{id}/finalize")
    @Consumes(AcmeAccountResource.JOSE_JSON)
    public Response finalize(@PathParam("id") String id, byte[] body) {
        JwsVerifier.Verified request = verify(body, JwsVerifier.KeyMode.KID);
        return orderAnswer(orders.finalize(request.account(), id, AcmeRequests.json(request)));
    }

    @POST
    @Path("/authz/{id}")
    @Consumes(AcmeAccountResource.JOSE_JSON)
    public Response authorization(@PathParam("id") String id, byte[] body) {
        JwsVerifier.Verified request = verify(body, JwsVerifier.KeyMode.KID);
        return responses.ok(AcmeJson.authorization(orders.authorization(request.account(), id), clock.instant()));
    }

    /** The PEM chain: the certificate, then the CA. */
    @POST
    @Path("/cert/{id}")
    @Consumes(AcmeAccountResource.JOSE_JSON)
    public Response certificate(@PathParam("id") String id, byte[] body) {
        JwsVerifier.Verified request = verify(body, JwsVerifier.KeyMode.KID);
        CertificateRecord record = orders.certificate(request.account(), id);
        return responses.headers(Response.ok(Pem.certificate(record.der()) + activeCa.certificate().pem(), PEM_CHAIN))
                .build();
    }

    @POST
    @Path("/revoke-cert")
    @Consumes(AcmeAccountResource.JOSE_JSON)
    public Response revoke(byte[] body) {
        JwsVerifier.Verified request = verify(body, JwsVerifier.KeyMode.EITHER);
        revocations.revoke(request, AcmeRequests.json(request));
        return responses.headers(Response.ok()).build();
    }

    @ServerExceptionMapper
    public Response acmeProblem(CaException e) {
        return responses.problem(e);
    }

    private JwsVerifier.Verified verify(byte[] body, JwsVerifier.KeyMode mode) {
        return requests.verify(body, uri.getRequestUri().getRawPath(), mode);
    }

    private Response orderAnswer(AcmeOrder order) {
        Response.ResponseBuilder builder = responses.headers(Response.ok(AcmeJson.order(order, clock.instant(), urls),
                "application/json")).header("Location", urls.order(order.id()));
        if (AcmeOrder.PROCESSING.equals(order.status())) {
            builder.header("Retry-After", enrollmentOrders.retryAfterSeconds());
        }
        return builder.build();
    }
}
