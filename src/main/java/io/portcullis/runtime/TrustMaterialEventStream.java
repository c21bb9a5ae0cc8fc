package io.portcullis.runtime;

import io.portcullis.ca.TrustMaterialChanged;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;

/**
 * Pushes "the CA bundle or the CRL changed" to subscribers of {@code GET /api/v1/events} the moment
 * the publishing transaction commits, so sidecars need not wait for their next poll.
 */
@ApplicationScoped
public class TrustMaterialEventStream {

    /** Sent first on every subscription, so a (re)connecting sidecar catches up at once. */
    public static final String CONNECTED = "connected";
    /** Sent periodically so idle connections survive proxies that close quiet ones. */
    public static final String KEEPALIVE = "keepalive";
    static final Duration KEEPALIVE_INTERVAL = Duration.ofSeconds(15);

    private final BroadcastProcessor<String> changes = BroadcastProcessor.create();

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) TrustMaterialChanged event) {
        changes.onNext(event.reason());
    }

    /** The reasons of future changes, preceded by {@link #CONNECTED} and interleaved with keepalives. */
    public Multi<String> stream() {
        Multi<String> keepalive = Multi.createFrom().ticks().every(KEEPALIVE_INTERVAL).map(tick -> KEEPALIVE);
        return Multi.createBy().merging().streams(Multi.createFrom().item(CONNECTED), changes, keepalive);
    }
}
