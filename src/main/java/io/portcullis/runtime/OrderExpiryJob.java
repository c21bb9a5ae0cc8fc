package io.portcullis.runtime;

import io.portcullis.enrollment.Orders;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Writes pending orders past their expiry down as invalid (reads already treat them so). Safe on
 * several replicas: each order flips in one conditional UPDATE, so it is expired and audited once.
 */
@ApplicationScoped
public class OrderExpiryJob {

    private static final Logger LOG = Logger.getLogger(OrderExpiryJob.class);

    @Inject
    Orders orders;

    @Scheduled(every = "60s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        int expired = orders.expireDue();
        if (expired > 0) {
            LOG.infof("Expired %d pending orders", expired);
        }
    }
}
