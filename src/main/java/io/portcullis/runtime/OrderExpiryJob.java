package io.portcullis.runtime;

import io.portcullis.ca.StartupRefusal;
import io.portcullis.config.OrderConfig;
import io.portcullis.enrollment.OrderExpiry;
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
    OrderExpiry expiry;

    /** Refuses to start with order timings that would expire orders at once or make devices spin. */
    void checkSettings(@Observes StartupEvent event, OrderConfig config) {
        requirePositive(config.expiry(), "PORTCULLIS_ORDER_EXPIRY");
        requirePositive(config.retryAfter(), "PORTCULLIS_ORDER_RETRY_AFTER");
        requirePositive(config.retention(), "PORTCULLIS_ORDER_RETENTION");
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new StartupRefusal(name + " must be a positive duration such as 7d or 30s.");
        }
    }

    @Scheduled(every = "60s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        int expired = expiry.expireDue();
        if (expired > 0) {
            LOG.infof("Expired %d pending orders", expired);
        }
        int purged = expiry.purgeDue();
        if (purged > 0) {
            LOG.infof("Deleted %d rejected or expired orders past their retention", purged);
        }
    }
}
