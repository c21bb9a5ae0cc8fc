package io.portcullis.acme;

import io.portcullis.api.ProblemMapper;
import io.portcullis.ca.CaException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * ACME answers: every one carries a fresh {@code Replay-Nonce} (RFC 8555 section 6.5, also on
 * errors, so a client retries a badNonce at once), the directory as {@code Link rel="index"}, and
 * {@code Cache-Control: no-store}. Errors are the service's problem documents.
 */
@ApplicationScoped
public class AcmeResponses {

    private final Nonces nonces;
    private final AcmeUrls urls;
    private final ProblemMapper problems;

    @Inject
    public AcmeResponses(Nonces nonces, AcmeUrls urls, ProblemMapper problems) {
        this.nonces = nonces;
        this.urls = urls;
        this.problems = problems;
    }

    public Response ok(Object entity) {
        return headers(Response.ok(entity, MediaType.APPLICATION_JSON_TYPE)).build();
    }

    public Response created(String location, Object entity) {
        return headers(Response.status(Response.Status.CREATED).entity(entity).type(MediaType.APPLICATION_JSON_TYPE))
                .header("Location", location).build();
    }

    /** The nonce, index link and cache headers on any answer. */
    public Response.ResponseBuilder headers(Response.ResponseBuilder builder) {
        return builder.header("Replay-Nonce", nonces.issue())
                .header("Link", "<" + urls.directory() + ">;rel=\"index\"")
                .header("Cache-Control", "no-store");
    }

    public Response problem(CaException e) {
        return headers(Response.fromResponse(problems.caException(e))).build();
    }
}
