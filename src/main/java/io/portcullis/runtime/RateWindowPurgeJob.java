package io.portcullis.runtime;

import io.portcullis.ca.RateWindows;
import io.portcullis.config.PortcullisConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Deletes the shared rate-limit counters whose windows have passed, so that a flood of distinct
 * addresses leaves no rows behind. Safe on several replicas (one DELETE each); a sidecar has no database.
 */
@ApplicationScoped
public class RateWindowPurgeJob {

    private static final Logger LOG = Logger.getLogger(RateWindowPurgeJob.class);

    @Inject
    RateWindows windows;

    @Inject
    PortcullisConfig config;

    @Scheduled(every = "60s", delayed = "45s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        if (config.isSidecar()) {
            return;
        }
        int purged = windows.purge();
        if (purged > 0) {
            LOG.debugf("Deleted %d passed rate-limit windows", purged);
        }
    }
}
