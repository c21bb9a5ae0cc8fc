package io.portcullis.persistence;

import io.agroal.api.AgroalDataSource;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One shared transaction of the {@link GroupCommitLedger} for a batch of requests: checks their
 * keys against the deny-list and inserts their intents (one round trip each, as JDBC batches), lets
 * the requests sign on their own threads, then writes their certificates, devices and audit rows
 * and commits once for all of them. A row PostgreSQL refuses fails only its own request: the batch
 * is then committed one request at a time.
 */
final class BatchTransaction {

    private static final Logger LOG = Logger.getLogger(BatchTransaction.class);

    private final AgroalDataSource dataSource;
    private final Clock clock;
    /** Told the cause when the database is unreachable, so requests queued behind do not wait for it. */
    private final Consumer<Throwable> unreachable;

    BatchTransaction(AgroalDataSource dataSource, Clock clock, Consumer<Throwable> unreachable) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.unreachable = unreachable;
    }

    /** Commits the batch; every entry ends committed, refused or failed. */
    void commit(List<LedgerEntry> batch) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<LedgerEntry> written = writeIntents(connection, batch);
                batch.forEach(e -> e.written.complete(null)); // the requests sign now, in parallel
                List<LedgerEntry> signed = awaitSignatures(written);
                writeCertificates(connection, written, signed);
                connection.commit();
                signed.forEach(e -> e.committed.complete(null));
            } catch (SQLException | RuntimeException | Error e) {
                rollback(connection);
                throw e;
            }
        } catch (SQLException | RuntimeException | Error e) {
            failed(batch, e);
        }
    }

    private void failed(List<LedgerEntry> batch, Throwable e) {
        if (batch.size() > 1 && DatabaseFailures.refusedRow(e)) {
            // PostgreSQL refused a value in one request's rows: alone, that request fails and the others commit
            LOG.warnf("A shared issuance transaction of %d requests rolled back (SQLState %s); committing them one by one",
                    batch.size(), ((SQLException) e).getSQLState());
            for (LedgerEntry entry : batch) {
                commit(List.of(entry));
                // not reserved when retried alone (its serial was taken meanwhile) after it signed in the shared one
                entry.fail(new LedgerFailure("the issuance was not recorded", e));
            }
            return;
        }
        // Errors too: a committer that died would leave its batch, and every batch after it once the
        // other one died as well, waiting out WAIT.
        LedgerFailure failure = new LedgerFailure("the shared issuance transaction failed", e);
        batch.forEach(entry -> entry.fail(failure));
        if (DatabaseFailures.isUnavailable(e)) {
            unreachable.accept(e);
        } else if (e instanceof SQLException sql) {
            // pgjdbc's batch messages quote the rows' values; the state says what went wrong
            LOG.errorf("A shared issuance transaction of %d requests rolled back: SQLState %s", batch.size(),
                    sql.getSQLState());
        } else {
            LOG.errorf(e, "A shared issuance transaction of %d requests rolled back", batch.size());
        }
    }

    /** Inserts the intents whose keys are not deny-listed; returns those written. */
    private static List<LedgerEntry> writeIntents(Connection connection, List<LedgerEntry> batch) throws SQLException {
        Map<String, BigInteger> compromised = SqlCompromisedKeys.revokedWithAny(connection,
                batch.stream().map(e -> e.intent.spkiSha256()).toList());
        List<LedgerEntry> candidates = new ArrayList<>();
        for (LedgerEntry e : batch) {
            e.compromisedBy = compromised.get(e.intent.spkiSha256());
            if (e.compromisedBy == null) {
                candidates.add(e);
            }
        }
        List<LedgerEntry> written = new ArrayList<>();
        if (candidates.isEmpty()) {
            return written;
        }
        try (PreparedStatement insert = connection.prepareStatement(IssuanceRows.RESERVE)) {
            for (LedgerEntry e : candidates) {
                IssuanceRows.bindReserve(connection, insert, e.intent);
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                LedgerEntry e = candidates.get(i);
                e.reserved = counts[i] == 1;
                if (e.reserved) {
                    written.add(e);
                }
            }
        }
        return written;
    }

    /** The written intents whose requests delivered a signature; the others are withdrawn. */
    private static List<LedgerEntry> awaitSignatures(List<LedgerEntry> written) {
        long deadline = System.nanoTime() + GroupCommitLedger.SIGNING.toNanos();
        List<LedgerEntry> signed = new ArrayList<>();
        for (LedgerEntry e : written) {
            try {
                if (e.signature.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS) != null) {
                    signed.add(e);
                }
            } catch (TimeoutException | ExecutionException notSigned) {
                e.withdraw();
            } catch (InterruptedException stopping) {
                // past the graceful shutdown's wait: a 503 to retry elsewhere, as for a database that went away
                Thread.currentThread().interrupt();
                throw LedgerFailure.unavailable("stopped while requests were signing", stopping);
            }
        }
        return signed;
    }

    private void writeCertificates(Connection connection, List<LedgerEntry> written, List<LedgerEntry> signed)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(IssuanceRows.COMPLETE);
                PreparedStatement enrol = connection.prepareStatement(IssuanceRows.ENROL_DEVICE);
                PreparedStatement advance = connection.prepareStatement(IssuanceRows.ADVANCE_DEVICE);
                PreparedStatement audit = connection.prepareStatement(SqlAuditStore.INSERT);
                PreparedStatement withdraw = connection.prepareStatement(IssuanceRows.WITHDRAW)) {
            boolean enrols = false;
            boolean advances = false;
            for (LedgerEntry e : signed) {
                LedgerEntry.Signature s = e.signature.join();
                IssuanceRows.bindComplete(update, e.intent, s.der(), s.sha256Fingerprint());
                update.addBatch();
                if (e.intent.device().isNew()) {
                    IssuanceRows.bindEnrol(connection, enrol, e.intent);
                    enrol.addBatch();
                    enrols = true;
                } else {
                    IssuanceRows.bindAdvance(advance, e.intent);
                    advance.addBatch();
                    advances = true;
                }
                SqlAuditStore.bind(audit, IssuanceRows.audit(e.intent, clock.instant(), e.remoteAddress));
                audit.addBatch();
            }
            for (LedgerEntry e : written) {
                if (!signed.contains(e)) {
                    withdraw.setString(1, e.intent.serial().toString(16));
                    withdraw.addBatch();
                    e.fail(LedgerFailure.unavailable("the issuance was withdrawn: not signed within "
                            + GroupCommitLedger.SIGNING.toSeconds() + " s"));
                }
            }
            if (!signed.isEmpty()) {
                for (int count : update.executeBatch()) {
                    if (count != 1) {
                        throw new IllegalStateException("an intent of this transaction is no longer pending");
                    }
                }
                if (enrols) {
                    enrol.executeBatch();
                }
                if (advances) {
                    for (int count : advance.executeBatch()) {
                        if (count != 1) {
                            throw new IllegalStateException("a renewed device of this transaction moved on");
                        }
                    }
                }
                audit.executeBatch();
            }
            if (signed.size() < written.size()) {
                withdraw.executeBatch();
            }
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debugf("Rollback after a failed shared issuance transaction failed too: %s", e);
        }
    }
}
