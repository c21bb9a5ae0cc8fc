package io.portcullis.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.api.dto.Problem;
import io.portcullis.ca.ErrorType;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request body larger than {@code quarkus.http.limits.max-body-size} with the same problem
 * document as {@link ProblemMapper} (Quarkus' own check, which runs after this one, answers 413 with
 * an empty body). A declared {@code Content-Length} is refused before the body is read; a chunked
 * HTTP/1 body is read here up to the limit, and the REST layer then takes it from the routing context.
 */
@ApplicationScoped
public class RequestBodyLimit {

    private static final Set<HttpMethod> BODY_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final long limit;
    private final String problem;
    private final BodyHandler unknownLengthBodies;

    @Inject
    public RequestBodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit,
            ObjectMapper json) {
        this.limit = limit.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        ErrorType type = ErrorType.PAYLOAD_TOO_LARGE;
        try {
            this.problem = json.writeValueAsString(new Problem(type.urn(), type.title(), type.status(),
                    "The request body is larger than " + this.limit + " bytes."));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem document always serialises", e);
        }
        this.unknownLengthBodies = BodyHandler.create(false).setBodyLimit(this.limit);
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check).failureHandler(this::failed);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && exceeds(length)) {
            refuse(context);
        } else if (length == null && BODY_METHODS.contains(context.request().method()) && hasBody(context)) {
            unknownLengthBodies.handle(context); // fails the context with 413 once the body passes the limit
        } else {
            context.next();
        }
    }

    /**
     * Only chunked HTTP/1 bodies are read here. Without Content-Length an HTTP/1 request has no
     * other body, and an HTTP/2 stream read here is one the REST layer can no longer pause, so
     * HTTP/2 bodies of unknown length are left to Quarkus' own limit (a 413 without a body).
     */
    private static boolean hasBody(RoutingContext context) {
        return context.request().version() != HttpVersion.HTTP_2
                && context.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private void failed(RoutingContext context) {
        if (context.statusCode() == ErrorType.PAYLOAD_TOO_LARGE.status() && !context.response().headWritten()) {
            refuse(context);
        } else {
            context.next();
        }
    }

    private void refuse(RoutingContext context) {
        HttpServerResponse response = context.response()
                .setStatusCode(ErrorType.PAYLOAD_TOO_LARGE.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.PROBLEM_JSON);
        if (context.request().version() != HttpVersion.HTTP_2) {
            // the unread rest of the body makes an HTTP/1 connection unusable (HTTP/2 resets the stream)
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(problem);
    }

    private boolean exceeds(String length) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP codec refuses a malformed Content-Length itself
        }
    }
}
