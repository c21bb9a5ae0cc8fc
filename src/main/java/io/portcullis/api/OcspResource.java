package io.portcullis.api;

import io.portcullis.ca.FailureClassifier;
import io.portcullis.ca.OcspResponder;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * The OCSP responder of RFC 6960, public: POST with an {@code application/ocsp-request} body, or
 * GET with the base64 request in the path (standard or URL-safe alphabet, URL-encoded or not).
 * Bad requests get an OCSP {@code malformedRequest} response, which OCSP clients understand, and a
 * database outage {@code tryLater}.
 */
@Path("/api/v1/ocsp")
public class OcspResource {

    /** A request for 20 certificates with a nonce stays far below this. */
    static final int MAX_GET_LENGTH = 8 * 1024;
    private static final Logger LOG = Logger.getLogger(OcspResource.class);

    @Inject
    OcspResponder responder;
    @Inject
    FailureClassifier failures;

    @POST
    @Consumes(MediaTypes.OCSP_REQUEST)
    @Produces(MediaTypes.OCSP_RESPONSE)
    public Response post(byte[] request) {
        try {
            return Response.ok(responder.respond(request), MediaTypes.OCSP_RESPONSE)
                    .header("Cache-Control", "no-store").build();
        } catch (RuntimeException e) {
            return tryLater(e);
        }
    }

    @GET
    @Path("/{request: .+}")
    @Produces(MediaTypes.OCSP_RESPONSE)
    public Response get(@PathParam("request") String request) {
        try {
            return Response.ok(responder.respond(decode(request)), MediaTypes.OCSP_RESPONSE)
                    .header("Cache-Control", "max-age=60, public, no-transform").build();
        } catch (RuntimeException e) {
            return tryLater(e);
        }
    }

    /** OCSP {@code tryLater}, uncached, while the database cannot say what a certificate's status is. */
    private Response tryLater(RuntimeException e) {
        if (!failures.unavailable(e)) {
            throw e;
        }
        LOG.warnf("OCSP answered tryLater, the database is unavailable: %s", e.toString());
        return Response.ok(responder.tryLater(), MediaTypes.OCSP_RESPONSE).header("Cache-Control", "no-store").build();
    }

    /** The DER request, or an empty array (answered as malformed) when it is not base64. */
    static byte[] decode(String text) {
        if (text.length() > MAX_GET_LENGTH) {
            return new byte[0];
        }
        // a '+' that arrived as a space; Java's decoders accept missing padding
        String b64 = text.trim().replace(' ', '+');
        try {
            return (b64.contains("-") || b64.contains("_") ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(b64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
