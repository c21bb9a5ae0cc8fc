package io.portcullis.api;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Test-only route that sets its own policy and caching, as a page or a CRL does, so
 * {@link SecurityHeadersTest} can show the defaults never replace them.
 */
@ApplicationScoped
public class OwnHeadersRoute {

    static final String PATH = "/test/own-headers";
    static final String OWN_POLICY = "default-src 'self'";
    static final String OWN_CACHING = "max-age=60";

    void install(@Observes Router router) {
        router.get(PATH).handler(context -> context.response()
                .putHeader("Content-Type", "text/html")
                .putHeader("Content-Security-Policy", OWN_POLICY)
                .putHeader("Cache-Control", OWN_CACHING)
                .end("<!doctype html><title>own</title>"));
    }
}
