package io.portcullis.runtime;

import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.CaRenewal;
import io.portcullis.ca.CrlPublisher;
import io.portcullis.ca.PublishedTrustMaterial;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Keeps every replica's CRL fresh: adopts what other replicas published (a CRL, a renewed CA
 * certificate) and publishes a new CRL whenever half of the current one's validity has passed.
 * A failure (the database is down) is logged and retried at the next tick.
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

    @Scheduled(identity = "crl-refresh", every = "${portcullis.crl.check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (activeCa.current().isEmpty()) {
            return;
        }
        try {
            caRenewal.adoptRenewedCertificate();
            trustMaterial.syncFromDatabase();
            publisher.refreshIfDue().ifPresent(crl -> LOG.infof("Refreshed CRL: number %s, next update %s",
                    crl.number(), crl.nextUpdate()));
        } catch (RuntimeException e) {
            LOG.warnf("CRL check failed, retrying at the next tick: %s", e.toString());
        }
    }
}
