package io.portcullis.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.api.dto.Problem;
import io.portcullis.ca.ErrorType;
import io.portcullis.config.PortcullisConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpClosedException;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Refuses a request body larger than {@code quarkus.http.limits.max-body-size}, or than
 * {@code portcullis.csr-body-limit} for the requests that carry a CSR (orders, certificate issuance),
 * with the same problem document as {@link ProblemMapper} (Quarkus' own check, which runs after this
 * one, answers 413 with an empty body): nothing of a refused body is parsed or stored. A declared
 * {@code Content-Length} over the limit is refused before the body is read.
 *
 * <p>A chunked HTTP/1 body is read here up to the limit, and so is every HTTP/1 body of a request with a CSR
 * (the issuance hot path); the REST layer then takes it from the routing context. Left to the REST layer, a
 * blocking endpoint's body is read on its worker thread from a blocking stream, so the worker waits for the
 * event loop to hand it the bytes: a thread hand-off per request, seen in the issuance profile.
 */
@ApplicationScoped
public class RequestBodyLimit {

    private static final Logger LOG = Logger.getLogger(RequestBodyLimit.class);

    private static final Set<HttpMethod> BODY_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    /** The endpoints whose POST body is a CSR, as path segments. */
    private static final Set<List<String>> CSR_PATHS = Set.of(List.of("api", "v1", "orders"),
            List.of("api", "v1", "certificates"));

    /** One limit: its size, its problem document and the reader of the bodies under it. */
    private record Limit(long bytes, String problem, BodyHandler bodies) {

        static Limit of(long bytes, String what, ObjectMapper json) {
            ErrorType type = ErrorType.PAYLOAD_TOO_LARGE;
            try {
                return new Limit(bytes, json.writeValueAsString(new Problem(type.urn(), type.title(), type.status(),
                        "The " + what + " is larger than " + bytes + " bytes.")), BodyHandler.create(false).setBodyLimit(bytes));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a problem document always serialises", e);
            }
        }
    }

    private final Limit any;
    private final Limit csr;

    @Inject
    public RequestBodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit,
            PortcullisConfig config, ObjectMapper json) {
        long bytes = limit.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        this.any = Limit.of(bytes, "request body", json);
        this.csr = Limit.of(Math.min(bytes, config.csrBodyLimit().asLongValue()), "body of a request with a CSR", json);
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check).failureHandler(this::failed);
    }

    private void check(RoutingContext context) {
        Limit limit = limit(context);
        context.put(Limit.class.getName(), limit);
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && exceeds(length, limit.bytes())) {
            refuse(context, limit);
        } else if (BODY_METHODS.contains(context.request().method()) && readHere(context, length, limit)) {
            limit.bodies().handle(context); // fails the context with 413 once a body of unknown length passes the limit
        } else {
            context.next();
        }
    }

    private Limit limit(RoutingContext context) {
        return context.request().method() == HttpMethod.POST && CSR_PATHS.contains(PathSegments.of(context.normalizedPath()))
                ? csr : any;
    }

    /**
     * Only HTTP/1 bodies are read here: chunked ones (without Content-Length an HTTP/1 request has no
     * other body), and those of CSR requests with a Content-Length above zero. An HTTP/2 stream read
     * here is one the REST layer can no longer pause, so HTTP/2 bodies are left to it and to Quarkus'
     * own limit (a 413 without a body).
     */
    private boolean readHere(RoutingContext context, String length, Limit limit) {
        if (context.request().version() == HttpVersion.HTTP_2) {
            return false;
        }
        if (length == null) {
            return context.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        }
        return limit == csr && !"0".equals(length.trim());
    }

    private void failed(RoutingContext context) {
        if (context.failure() instanceof HttpClosedException || context.response().closed()) {
            // nobody is left to read an answer, and nothing was done: not an incident
            LOG.debugf("The client closed its connection before its request body arrived: %s", context.failure());
            return;
        }
        if (context.statusCode() == ErrorType.PAYLOAD_TOO_LARGE.status() && !context.response().headWritten()) {
            Limit limit = context.get(Limit.class.getName());
            refuse(context, limit == null ? any : limit);
        } else {
            context.next();
        }
    }

    private static void refuse(RoutingContext context, Limit limit) {
        HttpServerResponse response = context.response()
                .setStatusCode(ErrorType.PAYLOAD_TOO_LARGE.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.PROBLEM_JSON);
        if (context.request().version() != HttpVersion.HTTP_2) {
            // the unread rest of the body makes an HTTP/1 connection unusable (HTTP/2 resets the stream)
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(limit.problem());
    }

    private static boolean exceeds(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP codec refuses a malformed Content-Length itself
        }
    }
}
