package io.portcullis.audit;

import io.portcullis.ca.Actor;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Writes and reads the audit trail. Writing a success requires the caller's transaction, so an
 * action and its audit row commit or roll back together; refusals are written on their own.
 */
@ApplicationScoped
public class AuditTrail {

    public static final String SUCCESS = "success";

    private final AuditStore store;
    private final ClientAddress clientAddress;
    private final Clock clock;

    @Inject
    public AuditTrail(AuditStore store, ClientAddress clientAddress, Clock clock) {
        this.store = store;
        this.clientAddress = clientAddress;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Actor actor, AuditAction action, String target) {
        store.append(new AuditEvent(0, clock.instant(), actor.id(), actor.role(), action.label(), target, SUCCESS,
                clientAddress.current().orElse(null)));
    }

    /**
     * Records an action that changes nothing in the database (such as deploying nginx) in a
     * transaction of its own, once the action is done.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordDone(Actor actor, AuditAction action, String target) {
        record(actor, action, target);
    }

    /**
     * Records a refused attempt in a transaction of its own, after the refused action has rolled
     * back; the outcome is the ACME error name, e.g. {@code rejectedIdentifier}.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordRefusal(Actor actor, AuditAction action, String target, ErrorType refusal) {
        String urn = refusal.urn();
        store.append(new AuditEvent(0, clock.instant(), actor.id(), actor.role(), action.label(), target,
                urn.substring(urn.lastIndexOf(':') + 1), clientAddress.current().orElse(null)));
    }

    /**
     * Runs a use case and, when it is refused with one of the {@code audited} types, records the
     * refusal ({@link #recordRefusal}) before passing it on. Called outside the work's transaction,
     * so the row is written after that transaction rolled back and holds no second connection.
     *
     * @param target what the refused action was aimed at, or {@code null}
     */
    public <T> T refusalsAudited(Actor actor, AuditAction action, String target, Set<ErrorType> audited,
            Supplier<T> work) {
        try {
            return work.get();
        } catch (CaException refused) {
            if (audited.contains(refused.type())) {
                recordRefusal(actor, action, target, refused.type());
            }
            throw refused;
        }
    }

    @Transactional
    public Page<AuditEvent> search(String action, Instant since, int page, int size) {
        Page.check(page, size);
        AuditAction parsed = null;
        if (action != null && !action.isBlank()) {
            parsed = AuditAction.fromLabel(action);
            if (parsed == null) {
                throw new CaException(ErrorType.MALFORMED, "Unknown audit action; see the AuditEvent schema for the list.");
            }
        }
        return store.search(new AuditQuery(parsed, since, page, size));
    }
}
