package io.portcullis.runtime;

import io.portcullis.ca.trust.ActiveCa;
import io.portcullis.ca.trust.CaRenewal;
import io.portcullis.ca.trust.ChangeFeed;
import io.portcullis.ca.trust.CrlPublisher;
import io.portcullis.ca.trust.PublishedTrustMaterial;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Keeps every replica's CRL fresh: adopts what other replicas published (a CRL, a renewed CA
 * certificate) and publishes a new CRL whenever half of the current one's validity has passed.
 * Other replicas' changes arrive at once through the {@link ChangeFeed}; the tick is the fallback
 * for announcements missed. A failure (the database is down) is logged and retried at the next tick.
 */
@ApplicationScoped
public class CrlSchedule {

    private static final Logger LOG = Logger.getLogger(CrlSchedule.class);

    @Inject
    ActiveCa activeCa;

    @Inject
    CaRenewal caRenewal;

    @Inject
    PublishedTrustMaterial trustMaterial;

    @Inject
    CrlPublisher publisher;

    /** Set on shutdown so a tick racing the shutdown does not log a spurious failure. */
    private volatile boolean stopping;

    void onShutdown(@Observes ShutdownEvent event) {
        stopping = true;
    }

    // the first tick waits one interval: start-up has just refreshed (CrlStartup), and a tick at once could race a
    // refused start's shutdown inside the scheduler, which then prints a stack trace under the one-line refusal
    @Scheduled(identity = "crl-refresh", every = "${portcullis.crl.check-interval}",
            delayed = "${portcullis.crl.check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (stopping || activeCa.current().isEmpty()) {
            return;
        }
        try {
            adoptOtherReplicasChanges();
            publisher.refreshIfDue().ifPresent(crl -> LOG.infof("Refreshed CRL: number %s, next update %s",
                    crl.number(), crl.nextUpdate()));
        } catch (RuntimeException e) {
            if (stopping) {
                return;
            }
            LOG.warnf("CRL check failed, retrying at the next tick: %s", e.toString());
        }
    }

    /**
     * Adopts a CA certificate and a CRL another replica stored; the change event that follows updates the
     * event stream and nginx. Called by the tick and for every {@link ChangeFeed} announcement.
     */
    void adoptOtherReplicasChanges() {
        if (stopping || activeCa.current().isEmpty()) {
            return;
        }
        caRenewal.adoptRenewedCertificate();
        trustMaterial.syncFromDatabase();
    }
}
