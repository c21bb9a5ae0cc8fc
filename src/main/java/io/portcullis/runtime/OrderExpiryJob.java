package io.portcullis.runtime;

import io.portcullis.ca.StartupRefusal;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.enrollment.Orders;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Writes pending orders past their expiry down as invalid (reads already treat them so), and deletes
 * invalid orders past their retention, so rejected and abandoned orders (and their CSRs) do not pile up.
 * Safe on several replicas: each order flips in one conditional UPDATE, so it is expired and audited once.
 */
@ApplicationScoped
public class OrderExpiryJob {

    private static final Logger LOG = Logger.getLogger(OrderExpiryJob.class);

    @Inject
    Orders orders;

    /** Refuses to start with order timings that would expire orders at once or make devices spin. */
    void checkSettings(@Observes StartupEvent event, PortcullisConfig config) {
        requirePositive(config.order().expiry(), "PORTCULLIS_ORDER_EXPIRY");
        requirePositive(config.order().retryAfter(), "PORTCULLIS_ORDER_RETRY_AFTER");
        requirePositive(config.order().retention(), "PORTCULLIS_ORDER_RETENTION");
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new StartupRefusal(name + " must be a positive duration such as 7d or 30s.");
        }
    }

    @Scheduled(every = "60s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        int expired = orders.expireDue();
        if (expired > 0) {
            LOG.infof("Expired %d pending orders", expired);
        }
        int purged = orders.purgeDue();
        if (purged > 0) {
            LOG.infof("Deleted %d rejected or expired orders past their retention", purged);
        }
    }
}
