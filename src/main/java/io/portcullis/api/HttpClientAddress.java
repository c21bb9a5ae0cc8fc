package io.portcullis.api;

import io.portcullis.audit.ClientAddress;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The peer address of the HTTP request being served (behind nginx, set
 * {@code quarkus.http.proxy.proxy-address-forwarding} so it is the client's). Empty outside requests,
 * e.g. in scheduled jobs.
 */
@ApplicationScoped
public class HttpClientAddress implements ClientAddress {

    @Override
    public Optional<String> current() {
        if (!Arc.container().requestContext().isActive()) {
            return Optional.empty();
        }
        RoutingContext context = Arc.container().instance(CurrentVertxRequest.class).get().getCurrent();
        return Optional.ofNullable(context).map(c -> c.request().remoteAddress()).map(SocketAddress::hostAddress);
    }
}
