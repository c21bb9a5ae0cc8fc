package io.portcullis.api;

import io.portcullis.config.PortcullisConfig;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * {@code portcullis.request-body-timeout}: a request whose body has not fully arrived within this
 * time of its headers loses its connection (an HTTP/2 stream is reset). The idle timeout alone does
 * not stop a slow-loris client, which sends a byte now and then and so is never idle; this bounds
 * the total time and so the connections and request slots such clients can hold.
 */
@ApplicationScoped
public class RequestBodyDeadline {

    private static final Logger LOG = Logger.getLogger(RequestBodyDeadline.class);

    private final long timeoutMillis;

    @Inject
    public RequestBodyDeadline(PortcullisConfig config) {
        this.timeoutMillis = Math.max(1, config.requestBodyTimeout().toMillis());
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(this::watch);
    }

    private void watch(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!request.isEnded()) {
            long timer = context.vertx().setTimer(timeoutMillis, id -> {
                if (!request.isEnded()) {
                    LOG.debugf("Closing %s %s from %s: body not complete after %d ms", request.method(), request.path(),
                            request.connection().remoteAddress(), timeoutMillis);
                    context.response().reset();
                }
            });
            context.addEndHandler(v -> context.vertx().cancelTimer(timer));
        }
        context.next();
    }
}
