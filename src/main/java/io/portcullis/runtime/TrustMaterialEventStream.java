package io.portcullis.runtime;

import io.portcullis.ca.TrustMaterialChanged;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;

/**
 * Pushes "the CA bundle or the CRL changed" to subscribers of {@code GET /api/v1/events} the moment
 * the publishing transaction commits, so sidecars need not wait for their next poll. When shutdown
 * begins every stream ends: graceful shutdown waits for open requests, and a subscriber never
 * leaves on its own; it reconnects, to another replica behind the same service.
 */
@ApplicationScoped
public class TrustMaterialEventStream {

    /** Sent first on every subscription, so a (re)connecting sidecar catches up at once. */
    public static final String CONNECTED = "connected";
    /** Sent periodically so idle connections survive proxies that close quiet ones. */
    public static final String KEEPALIVE = "keepalive";
    static final Duration KEEPALIVE_INTERVAL = Duration.ofSeconds(15);

    /** Not a reason of a change: sent to every subscriber when shutdown begins, it ends their streams. */
    private static final String CLOSING = "service-stopping";

    private final BroadcastProcessor<String> changes = BroadcastProcessor.create();
    private volatile boolean closing;

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) TrustMaterialChanged event) {
        changes.onNext(event.reason());
    }

    void onShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        closing = true;
        changes.onNext(CLOSING);
    }

    /**
     * The reasons of future changes, preceded by {@link #CONNECTED} and interleaved with keepalives,
     * until shutdown begins.
     */
    public Multi<String> stream() {
        if (closing) {
            return Multi.createFrom().empty();
        }
        Multi<String> keepalive = Multi.createFrom().ticks().every(KEEPALIVE_INTERVAL).map(tick -> KEEPALIVE);
        return Multi.createBy().merging().streams(Multi.createFrom().item(CONNECTED), changes, keepalive)
                .select().first(item -> !CLOSING.equals(item));
    }
}
