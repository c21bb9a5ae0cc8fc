package io.portcullis.api;

import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.config.EventsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the open event streams of this replica, in total and per client address: a stream is public
 * and held for hours, so without a bound anyone could hold every connection the replica has.
 */
@ApplicationScoped
public class EventStreamSlots {

    private final int max;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();

    @Inject
    public EventStreamSlots(EventsConfig config) {
        this.max = config.maxStreams();
        this.maxPerAddress = config.maxStreamsPerAddress();
    }

    /**
     * Takes a slot for a stream from {@code address}; the returned release must run when the stream ends.
     *
     * @throws CaException 429 when the replica or the address has as many open streams as allowed
     */
    public Runnable take(String address) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            throw new CaException(ErrorType.RATE_LIMITED, "This replica serves as many event streams as it can;"
                    + " retry later, or poll the CRL and the CA bundle.");
        }
        boolean[] admitted = {false};
        perAddress.compute(address, (a, n) -> {
            int count = n == null ? 0 : n;
            admitted[0] = count < maxPerAddress;
            return admitted[0] ? count + 1 : n;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
            throw new CaException(ErrorType.RATE_LIMITED, "Your address holds as many event streams as allowed ("
                    + maxPerAddress + "); close one first.");
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                perAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
                open.decrementAndGet();
            }
        };
    }
}
