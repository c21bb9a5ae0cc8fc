package io.portcullis.api;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * Security headers on every response the router answers: API documents, problems of every status
 * (including the router's own 404 and 405), health, OpenAPI and the binary CRL and OCSP answers.
 * Each is added only when the response does not set it itself, so a page with its own
 * {@code Content-Security-Policy} or a CRL with its own caching keeps them ({@code quarkus.http.header.*}
 * has no "only if absent").
 */
@ApplicationScoped
public class SecurityHeaders {

    /** Nothing here is a page that loads anything, or that should be framed or sniffed. */
    static final Map<String, String> DEFAULTS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY",
            "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    /** Sent on HTTPS only: a year, as browsers' preload lists expect. */
    static final String HSTS = "max-age=31536000";
    static final String NO_STORE = "no-store";

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(this::register);
    }

    private void register(RoutingContext context) {
        context.addHeadersEndHandler(v -> apply(context));
        context.next();
    }

    private static void apply(RoutingContext context) {
        MultiMap headers = context.response().headers();
        DEFAULTS.forEach((name, value) -> {
            if (!headers.contains(name)) {
                headers.set(name, value);
            }
        });
        if (context.request().isSSL() && !headers.contains("Strict-Transport-Security")) {
            headers.set("Strict-Transport-Security", HSTS);
        }
        if (!headers.contains(HttpHeaders.CACHE_CONTROL) && mayHoldSecrets(context)) {
            headers.set(HttpHeaders.CACHE_CONTROL, NO_STORE);
        }
        headers.remove(HttpHeaders.SERVER);
    }

    /**
     * JSON documents (tokens and credentials are returned once, as JSON) and anything answered to a
     * request with credentials. Public trust material (CA certificate, CRL, OCSP) stays cacheable.
     */
    private static boolean mayHoldSecrets(RoutingContext context) {
        String type = context.response().headers().get(HttpHeaders.CONTENT_TYPE);
        return context.request().getHeader(HttpHeaders.AUTHORIZATION) != null
                || type != null && type.toLowerCase().contains("json");
    }
}
