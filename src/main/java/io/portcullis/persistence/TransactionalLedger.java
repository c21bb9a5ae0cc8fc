package io.portcullis.persistence;

import io.portcullis.audit.AuditEvent;
import io.portcullis.audit.ClientAddress;
import io.portcullis.ca.IssuanceIntent;
import io.portcullis.ca.IssuanceLedger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.List;
import org.hibernate.Session;

/**
 * The issuance ledger in the caller's JTA transaction, for issuances whose other rows (an order, a
 * token's spent use, a renewal's link) must commit with the certificate: {@link IssuanceRows} on the
 * transaction's own connection, after the deny-list query the group commit runs too
 * ({@link SqlCompromisedKeys#revokedWithAny}). The caller's commit makes the certificate durable.
 */
@ApplicationScoped
@IssuanceLedger.CallersTransaction
public class TransactionalLedger implements IssuanceLedger {

    private final EntityManager em;
    private final ClientAddress clientAddress;
    private final Clock clock;

    @Inject
    public TransactionalLedger(EntityManager em, ClientAddress clientAddress, Clock clock) {
        this.em = em;
        this.clientAddress = clientAddress;
        this.clock = clock;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Reservation reserve(IssuanceIntent intent) {
        return session().doReturningWork(connection -> {
            BigInteger compromisedBy = SqlCompromisedKeys.revokedWithAny(connection, List.of(intent.spkiSha256()))
                    .get(intent.spkiSha256());
            if (compromisedBy != null) {
                return new InTransaction(intent, false, compromisedBy);
            }
            try (PreparedStatement insert = connection.prepareStatement(IssuanceRows.RESERVE)) {
                IssuanceRows.bindReserve(connection, insert, intent);
                return new InTransaction(intent, insert.executeUpdate() == 1, null);
            }
        });
    }

    private Session session() {
        return em.unwrap(Session.class);
    }

    /** A reservation whose rows are the caller's transaction's; it holds no resources of its own. */
    private final class InTransaction extends IntentReservation {

        InTransaction(IssuanceIntent intent, boolean reserved, BigInteger compromisedBy) {
            super(intent);
            this.reserved = reserved;
            this.compromisedBy = compromisedBy;
        }

        @Override
        public void complete(byte[] der, String sha256Fingerprint) {
            if (!reserved) {
                throw notOpen();
            }
            AuditEvent audit = IssuanceRows.audit(intent, clock.instant(), clientAddress.current().orElse(null));
            int updated = session().doReturningWork(connection -> {
                try (PreparedStatement update = connection.prepareStatement(IssuanceRows.COMPLETE);
                        PreparedStatement insert = connection.prepareStatement(SqlAuditStore.INSERT)) {
                    IssuanceRows.bindComplete(update, intent, der, sha256Fingerprint);
                    SqlAuditStore.bind(insert, audit);
                    int rows = update.executeUpdate();
                    if (rows == 1) {
                        IssuanceRows.writeDevice(connection, intent);
                    }
                    insert.executeUpdate();
                    return rows;
                }
            });
            if (updated != 1) {
                throw new IllegalStateException("no pending intent for serial " + intent.serial().toString(16));
            }
        }

        @Override
        public void withdraw() {
            // the failure that withdraws usually rolls the caller's transaction back; this holds without it
            session().doWork(connection -> {
                try (PreparedStatement delete = connection.prepareStatement(IssuanceRows.WITHDRAW)) {
                    delete.setString(1, intent.serial().toString(16));
                    delete.executeUpdate();
                }
            });
        }
    }
}
