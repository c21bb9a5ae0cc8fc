package io.portcullis.runtime;

import io.portcullis.ca.trust.ChangeFeed;
import io.portcullis.ca.trust.CrlPublisher;
import io.portcullis.ca.trust.PublishedTrustMaterial;
import io.portcullis.config.PortcullisConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/**
 * After the CA is loaded ({@link CaStartup} observes with the default priority, which runs first):
 * reads the trust material the database holds and publishes a CRL if there is none or it is due,
 * so a replica never starts serving without a current CRL; then listens for what other replicas
 * publish.
 */
@ApplicationScoped
public class CrlStartup {

    private static final Logger LOG = Logger.getLogger(CrlStartup.class);

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent event, PortcullisConfig config,
            PublishedTrustMaterial trustMaterial, CrlPublisher publisher, ChangeFeed feed, CrlSchedule schedule) {
        if (config.isSidecar()) {
            return; // a sidecar has no database; it fetches the CRL from the CA
        }
        trustMaterial.syncFromDatabase();
        publisher.refreshIfDue().ifPresent(crl -> LOG.infof("Published CRL %s (next update %s)", crl.number(), crl.nextUpdate()));
        feed.start(schedule::adoptOtherReplicasChanges);
    }
}
