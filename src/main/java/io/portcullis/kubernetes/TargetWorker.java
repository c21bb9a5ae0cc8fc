package io.portcullis.kubernetes;

import io.portcullis.ca.CaException;
import io.portcullis.ca.trust.PublishedCrl;
import io.portcullis.ca.trust.TrustMaterial;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps one target current: at most one write of it at a time, requests that arrive meanwhile
 * coalesce into one more write, and failures are retried with exponential backoff (1 s doubling to
 * 60 s) whatever their cause, while the rest of the service goes on issuing and revoking.
 */
final class TargetWorker {

    private static final Logger LOG = Logger.getLogger(TargetWorker.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(60);

    private final KubernetesTarget target;
    private final TrustObjectWriter writer;
    private final TrustMaterial trustMaterial;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final Object writing = new Object();
    private volatile TargetStatus status;
    /** The next write scheduled and not started yet; guarded by {@code this}. */
    private ScheduledFuture<?> next;
    private Instant nextAt;

    TargetWorker(KubernetesTarget target, TrustObjectWriter writer, TrustMaterial trustMaterial,
            ScheduledExecutorService executor, Clock clock) {
        this.target = target;
        this.writer = writer;
        this.trustMaterial = trustMaterial;
        this.executor = executor;
        this.clock = clock;
        this.status = TargetStatus.never(target);
    }

    TargetStatus status() {
        return status;
    }

    /** Schedules a write after {@code delay} unless one is already due sooner. */
    synchronized void requestIn(Duration delay, String reason) {
        Instant at = Instant.now().plus(delay);
        if (next != null && !next.isDone() && !nextAt.isAfter(at)) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        nextAt = at;
        next = executor.schedule(() -> run(reason), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run(String reason) {
        synchronized (this) {
            next = null; // from now on a new request schedules another write after this one
        }
        synchronized (writing) {
            Instant at = clock.instant();
            try {
                PublishedCrl crl = trustMaterial.currentCrl()
                        .orElseThrow(() -> new KubernetesSyncException("no CRL has been published yet"));
                TrustObjectWriter.Result result = writer.write(target, trustMaterial.caBundlePem(), crl);
                if (status.lastError() != null) {
                    LOG.infof("Kubernetes target %s is current again (%s, CRL %s)", target, result.outcome(), result.crlNumber());
                } else if (result.outcome() != WriteOutcome.UNCHANGED) {
                    LOG.debugf("Kubernetes target %s: %s CRL %s after %s", target, result.outcome(), result.crlNumber(), reason);
                }
                status = status.succeeded(at, result);
            } catch (KubernetesSyncException | CaException e) {
                fail(at, e.getMessage());
            } catch (RuntimeException e) {
                fail(at, "unexpected " + e.getClass().getSimpleName() + " while writing the target");
                LOG.debugf(e, "Kubernetes target %s", target);
            }
        }
    }

    private void fail(Instant at, String error) {
        TargetStatus before = status;
        status = before.failed(at, error);
        Duration retry = backoff(status.consecutiveFailures());
        if (!error.equals(before.lastError())) {
            LOG.warnf("Kubernetes target %s not written: %s; retrying in %d s, then with backoff up to %d s", target, error,
                    retry.toSeconds(), MAX_RETRY.toSeconds());
        }
        requestIn(retry, "retry");
    }

    /** 1 s, 2 s, 4 s, … 60 s after the 1st, 2nd, 3rd, … consecutive failure. */
    static Duration backoff(int consecutiveFailures) {
        int doublings = Math.min(Math.max(consecutiveFailures - 1, 0), 6);
        Duration delay = FIRST_RETRY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay;
    }
}
