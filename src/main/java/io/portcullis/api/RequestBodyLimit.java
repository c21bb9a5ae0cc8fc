package io.portcullis.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.api.dto.Problem;
import io.portcullis.ca.ErrorType;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request whose {@code Content-Length} exceeds {@code quarkus.http.limits.max-body-size}
 * before its body is read, with the same problem document as {@link ProblemMapper}. Quarkus' own
 * check, which runs just after this one, answers 413 with an empty body.
 */
@ApplicationScoped
public class RequestBodyLimit {

    private final long limit;
    private final String problem;

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
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && exceeds(length)) {
            context.response()
                    .setStatusCode(ErrorType.PAYLOAD_TOO_LARGE.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.PROBLEM_JSON)
                    .putHeader(HttpHeaders.CONNECTION, "close") // the unread body makes the connection unusable
                    .end(problem);
            return;
        }
        context.next();
    }

    private boolean exceeds(String length) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP codec refuses a malformed Content-Length itself
        }
    }
}
