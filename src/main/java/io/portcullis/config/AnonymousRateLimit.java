package io.portcullis.config;

import io.smallrye.config.WithName;

/**
 * Token buckets per client address of requests without credentials, one per group of endpoints
 * ({@code portcullis.rate-limit.anonymous.*}; the defaults are in application.properties). A request
 * over its group's limit gets 429 with {@code Retry-After}.
 */
public interface AnonymousRateLimit {

    /** Orders without an enrollment token (open enrollment); also counted across replicas. */
    RateLimitConfig.Limit orders();

    /** OCSP requests, GET and POST; in the nginx OCSP mode nginx asks for every device it sees. */
    RateLimitConfig.Limit ocsp();

    /** The enrollment page and its style sheet (posting the form counts as a credential). */
    @WithName("enroll-page")
    RateLimitConfig.Limit enrollPage();

    /** Event stream connections (how many may stay open is {@code portcullis.events.*}). */
    RateLimitConfig.Limit events();

    /** The CRL (DER and PEM), the CA certificate and the CA bundle. */
    @WithName("trust-material")
    RateLimitConfig.Limit trustMaterial();

    /** Everything else: the directory, polling an order, renewal information, unknown paths. */
    RateLimitConfig.Limit other();
}
