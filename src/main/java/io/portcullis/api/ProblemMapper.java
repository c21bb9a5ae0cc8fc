package io.portcullis.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.portcullis.api.dto.Problem;
import io.portcullis.ca.CaException;
import io.portcullis.ca.CallerText;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.FailureClassifier;
import io.portcullis.ca.RateLimitedException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpClosedException;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.CharConversionException;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become RFC 9457 {@code application/problem+json} documents with
 * ACME error types. 5xx bodies carry an incident id and nothing internal; the log has the rest.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** Seconds a client should wait before retrying when the database is unreachable. */
    static final int RETRY_AFTER_SECONDS = 5;
    /** The Retry-After of a limit the core enforces (a cap on waiting orders or open streams). */
    static final int LIMIT_RETRY_AFTER_SECONDS = 30;
    /** How much of a JSON property name or path a detail quotes. */
    private static final int JSON_NAME_LENGTH = 64;

    @Inject
    ObjectMapper json;
    /** Says which failures mean "the database is unavailable, retry shortly" (503 rather than 500). */
    @Inject
    FailureClassifier failures;

    @ServerExceptionMapper
    public Response caException(CaException e) {
        if (e.type().status() >= 500) {
            LOG.errorf(e, "%s", e.detail());
        }
        if (e.type() == ErrorType.RATE_LIMITED) {
            long retryAfter = e instanceof RateLimitedException limited ? limited.retryAfterSeconds() : LIMIT_RETRY_AFTER_SECONDS;
            return Response.fromResponse(problem(e.type(), e.detail())).header("Retry-After", retryAfter).build();
        }
        return problem(e.type(), e.detail());
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(ProblemMapper::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        return problem(ErrorType.MALFORMED, detail.isEmpty() ? "The request is not valid." : detail);
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return problem(ErrorType.MALFORMED, "The body is not the expected JSON: " + jsonReason(e));
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return badJson(e);
    }

    /** Jackson guesses UTF-16/32 from NUL bytes and then meets a truncated character (found by HostileInputTest). */
    @ServerExceptionMapper
    public Response badEncoding(CharConversionException e) {
        return problem(ErrorType.MALFORMED, "The body is not JSON in UTF-8 (or UTF-16/32): it has a broken character encoding.");
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e) {
        return challenge(problem(ErrorType.UNAUTHENTICATED, "The bearer token is missing, malformed, expired or revoked."));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return challenge(problem(ErrorType.UNAUTHENTICATED, "This endpoint needs an Authorization: Bearer token."));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(ErrorType.FORBIDDEN, "Your credential's role does not allow this operation.");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return badJson(json);
        }
        if (status == 404 && e.getCause() != null) {
            // JAX-RS answers 404 when a query or path parameter does not convert; that is bad input
            return problem(ErrorType.MALFORMED, "A query or path parameter does not have the expected type.");
        }
        return switch (status) {
            case 404 -> problem(ErrorType.NOT_FOUND, "No such resource.");
            case 405 -> problem(ErrorType.METHOD_NOT_ALLOWED, "This resource does not support that method.");
            case 406 -> problem(ErrorType.NOT_ACCEPTABLE, "This resource cannot produce the media type in Accept.");
            case 413 -> problem(ErrorType.PAYLOAD_TOO_LARGE, "The request body is too large.");
            case 415 -> problem(ErrorType.UNSUPPORTED_MEDIA_TYPE, "This resource does not accept that Content-Type.");
            default -> status < 500 ? problem(ErrorType.MALFORMED, "The request is not valid.") : internal(e);
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (clientHungUp(e)) {
            // nobody is left to read an answer, and nothing was done: not an incident
            LOG.debugf("The client closed its connection before its request body arrived: %s", e.toString());
            return problem(ErrorType.MALFORMED, "The connection closed before the request body arrived.");
        }
        if (failures.unavailable(e)) {
            LOG.warnf("Database unavailable: %s", e.toString());
            return Response.fromResponse(problem(ErrorType.UNAVAILABLE,
                    "The database is unavailable; retry in a few seconds."))
                    .header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
        return internal(e);
    }

    private Response internal(Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure, incident %s", incident);
        return problem(ErrorType.SERVER_INTERNAL, "An internal error occurred (incident " + incident + ").");
    }

    /** Builds the problem response; public so that filters outside JAX-RS answer the same way. */
    public Response problem(ErrorType type, String detail) {
        try {
            String body = json.writeValueAsString(new Problem(type.urn(), type.title(), type.status(), detail));
            return Response.status(type.status()).type(MediaTypes.PROBLEM_JSON).entity(body).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem document always serialises", e);
        }
    }

    private static Response challenge(Response response) {
        return Response.fromResponse(response).header("WWW-Authenticate", "Bearer").build();
    }

    private static String describe(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        String field = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
        return v.getMessage().startsWith(field) ? v.getMessage() : field + " " + v.getMessage();
    }

    /**
     * A reason that names the offending property or position but never Jackson's own message,
     * which quotes Java class names and excerpts of the body (that may hold secrets).
     */
    private static String jsonReason(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown property '" + CallerText.printable(unknown.getPropertyName(), JSON_NAME_LENGTH) + "'.";
        }
        if (e instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
            String path = mismatched.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return "property '" + CallerText.printable(path, JSON_NAME_LENGTH) + "' does not have the expected type.";
        }
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            return "not well-formed JSON at line " + location.getLineNr() + ", column " + location.getColumnNr() + ".";
        }
        return "not well-formed JSON.";
    }

    /** The REST layer was reading the body from a connection that has closed (the client left, or the body deadline). */
    private static boolean clientHungUp(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpClosedException) {
                return true;
            }
        }
        return false;
    }
}
