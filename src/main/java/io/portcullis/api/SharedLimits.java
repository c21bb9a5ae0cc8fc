package io.portcullis.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.portcullis.ca.RateLimitedException;
import io.portcullis.ca.RateWindow;
import io.portcullis.ca.RateWindows;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.config.RateLimitConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/**
 * The limits that hold across replicas, counted in {@link RateWindows} (PostgreSQL): refused credentials
 * and anonymous orders per client address. They are consulted only on those paths, so a request with a
 * valid credential costs no query. Each is backed by the local bucket of the same setting, and when the
 * database cannot be reached that local bucket is all there is (each replica then admits its own share).
 * A sidecar has no database and counts locally only.
 *
 * <p>A replica learns that an address is over the refused-credential limit when it records one of that
 * address's refusals: after the limit is reached on one replica, each other replica evaluates at most
 * one more guess (plus those in flight) before it refuses the address too.
 */
@ApplicationScoped
public class SharedLimits {

    static final String FAILED_AUTH = "failed-auth:";
    static final String ANONYMOUS_ORDER = "anonymous-order:";

    private final RateWindows windows;
    private final boolean shared;
    private final RateLimitConfig.Limit failedAuth;
    private final RateLimitConfig.Limit anonymousOrders;
    /** Addresses over the shared refused-credential limit, with the nanoTime at which they are admitted again. */
    private final Cache<String, Long> blocked;

    @Inject
    public SharedLimits(RateWindows windows, PortcullisConfig config) {
        this.windows = windows;
        this.shared = config.rateLimit().enabled() && !config.isSidecar();
        this.failedAuth = config.rateLimit().failedAuth();
        this.anonymousOrders = config.rateLimit().anonymous().orders();
        this.blocked = Caffeine.newBuilder().maximumSize(RateLimits.MAX_KEYS)
                .expireAfterWrite(Duration.ofSeconds(2 * windowSeconds(failedAuth))).build();
    }

    /** Seconds until the shared limit admits refused credentials from {@code address} again, or 0. */
    long failedAuthBlockedSeconds(String address) {
        Long until = blocked.getIfPresent(address);
        long left = until == null ? 0 : until - System.nanoTime();
        return left > 0 ? Math.max(1, Duration.ofNanos(left).toSeconds()) : 0;
    }

    /** Counts a refused credential from {@code address} in the shared window, off the event loop. */
    void recordFailedAuth(Vertx vertx, String address) {
        if (!shared) {
            return;
        }
        vertx.executeBlocking(() -> windows.hit(FAILED_AUTH + address, windowSeconds(failedAuth)), false)
                .onSuccess(window -> window.ifPresent(w -> {
                    long seconds = w.secondsUntilBelow(failedAuth.capacity());
                    if (seconds > 0) {
                        blocked.put(address, System.nanoTime() + Duration.ofSeconds(seconds).toNanos());
                    }
                }));
    }

    /**
     * Counts an anonymous order from {@code address} across replicas; call outside any transaction, so
     * that a refused order counts too.
     *
     * @throws RateLimitedException once the address has ordered more than the limit within its window
     */
    public void admitAnonymousOrder(String address) {
        if (!shared) {
            return;
        }
        Optional<RateWindow> window = windows.hit(ANONYMOUS_ORDER + address, windowSeconds(anonymousOrders));
        if (window.isPresent() && window.get().estimate() > anonymousOrders.capacity()) {
            throw new RateLimitedException("Too many orders from your address; wait before ordering again.",
                    window.get().secondsUntilBelow(anonymousOrders.capacity()));
        }
    }

    /** The window of a bucket's setting: the time it takes to refill from empty, in whole seconds. */
    static long windowSeconds(RateLimitConfig.Limit limit) {
        return Math.max(1, (60 * limit.capacity() + limit.refillPerMinute() - 1) / limit.refillPerMinute());
    }
}
