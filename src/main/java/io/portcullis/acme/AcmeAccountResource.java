package io.portcullis.acme;

import com.nimbusds.jose.jwk.JWK;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** newAccount, the account resource (update, deactivation, its orders) and keyChange. */
@Path(AcmeUrls.ROOT)
@PermitAll
public class AcmeAccountResource {

    /** The media type of every signed ACME request (RFC 8555 section 6.2). */
    public static final String JOSE_JSON = "application/jose+json";

    @Inject
    AcmeRequests requests;

    @Inject
    AcmeResponses responses;

    @Inject
    Accounts accounts;

    @Inject
    AcmeOrders orders;

    @Inject
    AcmeUrls urls;

    @Context
    UriInfo uri;

    @POST
    @Path("/new-account")
    @Consumes(JOSE_JSON)
    public Response newAccount(byte[] body) {
        JwsVerifier.Verified request = requests.verify(body, uri.getRequestUri().getRawPath(), JwsVerifier.KeyMode.JWK);
        Accounts.Found found = accounts.create(request.key(), AcmeRequests.json(request));
        String location = urls.account(found.account().id());
        if (found.created()) {
            return responses.created(location, AcmeJson.account(found.account(), urls));
        }
        return responses.headers(Response.ok(AcmeJson.account(found.account(), urls), "application/json"))
                .header("Location", location).build();
    }

    /** Reads (POST-as-GET), updates the contact of, or deactivates the signing account. */
    @POST
    @Path("/acct/{id}")
    @Consumes(JOSE_JSON)
    public Response account(@PathParam("id") String id, byte[] body) {
        JwsVerifier.Verified request = requests.verify(body, uri.getRequestUri().getRawPath(), JwsVerifier.KeyMode.KID);
        AcmeAccount updated = accounts.update(own(request, id), AcmeRequests.json(request));
        return responses.ok(AcmeJson.account(updated, urls));
    }

    @POST
    @Path("/acct/{id}/orders")
    @Consumes(JOSE_JSON)
    public Response orders(@PathParam("id") String id, byte[] body) {
        JwsVerifier.Verified request = requests.verify(body, uri.getRequestUri().getRawPath(), JwsVerifier.KeyMode.KID);
        return responses.ok(AcmeJson.orders(orders.orderIds(own(request, id)), urls));
    }

    /** Rolls the account key over (RFC 8555 section 7.3.5): the new key signs an inner JWS naming the old. */
    @POST
    @Path("/key-change")
    @Consumes(JOSE_JSON)
    public Response keyChange(byte[] body) {
        String url = urls.of(uri.getRequestUri().getRawPath());
        JwsVerifier.Verified request = requests.verify(body, uri.getRequestUri().getRawPath(), JwsVerifier.KeyMode.KID);
        JWK newKey = KeyChange.newKey(AcmeRequests.json(request), url, urls.account(request.account().id()), request.key());
        accounts.changeKey(request.account(), newKey);
        return responses.headers(Response.ok(AcmeJson.account(request.account(), urls), "application/json")).build();
    }

    @ServerExceptionMapper
    public Response acmeProblem(CaException e) {
        return responses.problem(e);
    }

    private static AcmeAccount own(JwsVerifier.Verified request, String id) {
        if (!request.account().id().equals(id)) {
            throw new CaException(ErrorType.FORBIDDEN, "An account may only manage itself.");
        }
        return request.account();
    }
}
