package io.portcullis.api;

import io.portcullis.audit.ClientAddress;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The client address of the HTTP request being served, resolved as the rate limits resolve it
 * ({@link TrustedProxies#clientAddress}: behind a trusted proxy, the address it forwarded). Empty
 * outside requests, e.g. in scheduled jobs.
 */
@ApplicationScoped
public class HttpClientAddress implements ClientAddress {

    private final TrustedProxies proxies;

    @Inject
    public HttpClientAddress(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    public Optional<String> current() {
        if (!Arc.container().requestContext().isActive()) {
            return Optional.empty();
        }
        RoutingContext context = Arc.container().instance(CurrentVertxRequest.class).get().getCurrent();
        return Optional.ofNullable(context).map(c -> proxies.clientAddress(c.request())).filter(a -> !a.isEmpty());
    }
}
