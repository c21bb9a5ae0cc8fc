package io.portcullis.enrollment;

import io.portcullis.audit.AuditAction;
import io.portcullis.audit.AuditTrail;
import io.portcullis.ca.Actor;
import io.portcullis.config.OrderConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;

/**
 * The housekeeping of orders, apart from the requests that place and decide them: pending orders
 * past their expiry are written down as invalid (reads already show them so), and invalid orders
 * are deleted, CSR and all, once their retention has passed.
 */
@ApplicationScoped
public class OrderExpiry {

    /** Who expires pending orders. */
    static final Actor EXPIRY = new Actor("order-expiry", "system");

    private final OrderStore store;
    private final AuditTrail audit;
    private final OrderConfig config;
    private final Clock clock;

    @Inject
    public OrderExpiry(OrderStore store, AuditTrail audit, OrderConfig config, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** Writes down what reads already show: pending orders past their expiry are invalid. */
    @Transactional
    public int expireDue() {
        List<String> expired = store.expirePending(clock.instant());
        expired.forEach(id -> audit.record(EXPIRY, AuditAction.ORDER_EXPIRED, id));
        return expired.size();
    }

    /** Deletes rejected and expired orders once the retention has passed since their decision or expiry. */
    @Transactional
    public int purgeDue() {
        return store.purgeInvalid(clock.instant().minus(config.retention()));
    }
}
