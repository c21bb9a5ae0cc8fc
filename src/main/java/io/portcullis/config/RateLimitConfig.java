package io.portcullis.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Min;

/**
 * Token buckets of requests with an {@code Authorization} header or a client certificate, kept
 * per token (by its hash), per certificate and per client address; a request over a limit gets 429 with {@code Retry-After}.
 */
public interface RateLimitConfig {

    @WithDefault("true")
    boolean enabled();

    /** Requests per credential or enrollment token. */
    @WithName("per-token")
    Limit perToken();

    /** Requests per presented client certificate (without a token), e.g. device self-renewal. */
    @WithName("per-certificate")
    Limit perCertificate();

    /** Authenticated requests per client address. */
    @WithName("per-address")
    Limit perAddress();

    /**
     * Refused tokens (401) per client address: token guessing; an address over it gets 429 for any token.
     * Also counted across replicas, in a window of capacity / refill-per-minute minutes.
     */
    @WithName("failed-auth")
    Limit failedAuth();

    /** Requests without credentials, per client address and group of endpoints. */
    AnonymousRateLimit anonymous();

    /** A token bucket: a burst of {@code capacity}, refilled at {@code refill-per-minute}. */
    interface Limit {
        @Min(1)
        long capacity();

        @WithName("refill-per-minute")
        @Min(1)
        long refillPerMinute();
    }
}
