package io.portcullis.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** Settings of orders awaiting approval. */
public interface OrderConfig {
    /** A pending order not decided within this time becomes invalid ({@code PORTCULLIS_ORDER_EXPIRY}). */
    @WithDefault("7d")
    Duration expiry();

    /** The {@code Retry-After} a device is told while its order is pending. */
    @WithName("retry-after")
    @WithDefault("10s")
    Duration retryAfter();

    /**
     * Anonymous orders (open enrollment) that may wait for a decision at once; beyond it a new one gets
     * 429 until an administrator decides or orders expire ({@code PORTCULLIS_ORDER_MAX_PENDING_ANONYMOUS}).
     */
    @WithName("max-pending-anonymous")
    @WithDefault("1000")
    @Min(1)
    int maxPendingAnonymous();

    /** Rejected and expired orders are deleted this long after their decision or expiry. */
    @WithDefault("30d")
    Duration retention();
}
