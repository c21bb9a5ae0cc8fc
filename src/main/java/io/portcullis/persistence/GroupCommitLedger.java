package io.portcullis.persistence;

import io.agroal.api.AgroalDataSource;
import io.portcullis.audit.ClientAddress;
import io.portcullis.ca.IssuanceIntent;
import io.portcullis.ca.IssuanceLedger;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Group commit for the issuance cycle on plain JDBC. Requests queue their intents; a committer
 * thread takes whatever has queued, opens one transaction, checks the keys against the deny-list
 * and inserts the intents (one round trip each, as JDBC batches), lets the requests sign on their
 * own threads, then writes their certificates, devices and audit rows and commits once for all of them.
 * Each request returns only after that commit. Two committers alternate, so one batch's commit
 * overlaps the next batch's signing. A row PostgreSQL refuses fails only its own request: the
 * batch is then committed one request at a time.
 *
 * <p>Why not the ORM: a Hibernate session and a JTA transaction per certificate cost more than
 * the signature, and a commit per certificate costs PostgreSQL more than the inserts.
 */
@ApplicationScoped
public class GroupCommitLedger implements IssuanceLedger {

    private static final Logger LOG = Logger.getLogger(GroupCommitLedger.class);

    /** Large enough to absorb every worker thread's request in one or two transactions. */
    static final int MAX_BATCH = 64;
    static final int COMMITTERS = 2;
    /** Beyond the driver's socket timeout (30 s), so a hung database surfaces as its own error first. */
    static final Duration WAIT = Duration.ofSeconds(40);
    /** How long an open transaction waits for its requests' signatures (RSA-4096 takes milliseconds). */
    static final Duration SIGNING = Duration.ofSeconds(20);

    private final AgroalDataSource dataSource;
    private final ClientAddress clientAddress;
    private final Clock clock;
    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    private final List<Thread> committers = new ArrayList<>();
    private volatile boolean stopped;

    @Inject
    public GroupCommitLedger(AgroalDataSource dataSource, ClientAddress clientAddress, Clock clock) {
        this.dataSource = dataSource;
        this.clientAddress = clientAddress;
        this.clock = clock;
    }

    @PostConstruct
    void start() {
        for (int i = 1; i <= COMMITTERS; i++) {
            Thread committer = new Thread(this::commitBatches, "issuance-committer-" + i);
            committer.setDaemon(true);
            committers.add(committer);
        }
        committers.forEach(Thread::start);
    }

    @Override
    public Reservation reserve(IssuanceIntent intent) {
        if (stopped) {
            throw new LedgerFailure("the service is shutting down", new SQLTransientConnectionException("stopped"));
        }
        Entry entry = new Entry(intent, clientAddress.current().orElse(null));
        queue.add(entry);
        try {
            await(entry.written);
        } catch (RuntimeException e) {
            entry.withdraw(); // should the committer still reach it, it leaves nothing behind
            throw e;
        }
        return entry;
    }

    /** Requests waiting for a committer; tests use it to line requests up in one shared transaction. */
    int queued() {
        return queue.size();
    }

    @PreDestroy
    void stop() {
        stopped = true;
        committers.forEach(Thread::interrupt);
        for (Thread committer : committers) {
            try {
                committer.join(WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        failQueued(new SQLTransientConnectionException("the service stopped"));
    }

    private void commitBatches() {
        while (!stopped) {
            List<Entry> batch = new ArrayList<>();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            commit(batch);
        }
    }

    private void commit(List<Entry> batch) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Entry> written = writeIntents(connection, batch);
                batch.forEach(e -> e.written.complete(null)); // the requests sign now, in parallel
                List<Entry> signed = awaitSignatures(written);
                writeCertificates(connection, written, signed);
                connection.commit();
                signed.forEach(e -> e.committed.complete(null));
            } catch (SQLException | RuntimeException | Error e) {
                rollback(connection);
                throw e;
            }
        } catch (SQLException | RuntimeException | Error e) {
            if (batch.size() > 1 && refusedData(e)) {
                // PostgreSQL refused a value in one request's rows: alone, that request fails and the others commit
                LOG.warnf("A shared issuance transaction of %d requests rolled back (SQLState %s); committing them one by one",
                        batch.size(), ((SQLException) e).getSQLState());
                for (Entry entry : batch) {
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
            if (unreachable(e)) {
                // everything queued behind this batch would wait for the same dead connection
                failQueued(e);
            } else if (e instanceof SQLException sql) {
                // pgjdbc's batch messages quote the rows' values; the state says what went wrong
                LOG.errorf("A shared issuance transaction of %d requests rolled back: SQLState %s", batch.size(),
                        sql.getSQLState());
            } else {
                LOG.errorf(e, "A shared issuance transaction of %d requests rolled back", batch.size());
            }
        }
    }

    /** Inserts the intents whose keys are not deny-listed; returns those written. */
    private List<Entry> writeIntents(Connection connection, List<Entry> batch) throws SQLException {
        Map<String, BigInteger> compromised = SqlCompromisedKeys.revokedWithAny(connection,
                batch.stream().map(e -> e.intent.spkiSha256()).toList());
        List<Entry> candidates = new ArrayList<>();
        for (Entry e : batch) {
            e.compromisedBy = compromised.get(e.intent.spkiSha256());
            if (e.compromisedBy == null) {
                candidates.add(e);
            }
        }
        List<Entry> written = new ArrayList<>();
        if (candidates.isEmpty()) {
            return written;
        }
        try (PreparedStatement insert = connection.prepareStatement(IssuanceRows.RESERVE)) {
            for (Entry e : candidates) {
                IssuanceRows.bindReserve(connection, insert, e.intent);
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                Entry e = candidates.get(i);
                e.reserved = counts[i] == 1;
                if (e.reserved) {
                    written.add(e);
                }
            }
        }
        return written;
    }

    /** The written intents whose requests delivered a signature; the others are withdrawn. */
    private static List<Entry> awaitSignatures(List<Entry> written) {
        long deadline = System.nanoTime() + SIGNING.toNanos();
        List<Entry> signed = new ArrayList<>();
        for (Entry e : written) {
            try {
                if (e.signature.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS) != null) {
                    signed.add(e);
                }
            } catch (TimeoutException | ExecutionException notSigned) {
                e.withdraw();
            } catch (InterruptedException stopping) {
                // past the graceful shutdown's wait: a 503 to retry elsewhere, as for a database that went away
                Thread.currentThread().interrupt();
                throw new LedgerFailure("stopped while requests were signing",
                        new SQLTransientConnectionException("the service stopped", stopping));
            }
        }
        return signed;
    }

    private void writeCertificates(Connection connection, List<Entry> written, List<Entry> signed) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(IssuanceRows.COMPLETE);
                PreparedStatement enrol = connection.prepareStatement(IssuanceRows.ENROL_DEVICE);
                PreparedStatement advance = connection.prepareStatement(IssuanceRows.ADVANCE_DEVICE);
                PreparedStatement audit = connection.prepareStatement(SqlAuditStore.INSERT);
                PreparedStatement withdraw = connection.prepareStatement(IssuanceRows.WITHDRAW)) {
            boolean enrols = false;
            boolean advances = false;
            for (Entry e : signed) {
                Signature s = e.signature.join();
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
            for (Entry e : written) {
                if (!signed.contains(e)) {
                    withdraw.setString(1, e.intent.serial().toString(16));
                    withdraw.addBatch();
                    e.fail(new LedgerFailure("the issuance was withdrawn",
                            new SQLTransientConnectionException("not signed within " + SIGNING.toSeconds() + " s")));
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

    private void failQueued(Throwable cause) {
        List<Entry> queued = new ArrayList<>();
        queue.drainTo(queued);
        LedgerFailure failure = new LedgerFailure("the database is unreachable", cause);
        queued.forEach(e -> e.fail(failure));
    }

    /** A value of a row that PostgreSQL refuses (SQLState classes 22 and 23), not a failing database or connection. */
    private static boolean refusedData(Throwable e) {
        return e instanceof SQLException sql && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"));
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debugf("Rollback after a failed shared issuance transaction failed too: %s", e);
        }
    }

    /** Waits for a step of the shared transaction, within {@link #WAIT}; rethrows its failure. */
    private static void await(CompletableFuture<Void> step) {
        try {
            step.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new LedgerFailure("issuance failed", e.getCause());
        } catch (TimeoutException e) {
            throw new LedgerFailure("no shared issuance transaction answered within " + WAIT.toSeconds() + " s",
                    new SQLTransientConnectionException("timed out"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerFailure("interrupted while issuing", e);
        }
    }

    private record Signature(byte[] der, String sha256Fingerprint) {
    }

    /** One request's place in a shared transaction; its futures hand each step between the two threads. */
    private static final class Entry implements Reservation {

        final IssuanceIntent intent;
        final String remoteAddress;
        final CompletableFuture<Void> written = new CompletableFuture<>();
        /** The signed certificate, or {@code null} once withdrawn. */
        final CompletableFuture<Signature> signature = new CompletableFuture<>();
        final CompletableFuture<Void> committed = new CompletableFuture<>();
        // set by the committer before it completes {@code written}, which publishes them
        boolean reserved;
        BigInteger compromisedBy;

        Entry(IssuanceIntent intent, String remoteAddress) {
            this.intent = intent;
            this.remoteAddress = remoteAddress;
        }

        @Override
        public boolean reserved() {
            return reserved;
        }

        @Override
        public Optional<BigInteger> compromisedBy() {
            return Optional.ofNullable(compromisedBy);
        }

        @Override
        public void complete(byte[] der, String sha256Fingerprint) {
            if (!reserved || !signature.complete(new Signature(der, sha256Fingerprint))) {
                throw new IllegalStateException("no open reservation for serial " + intent.serial().toString(16));
            }
            await(committed);
        }

        @Override
        public void withdraw() {
            signature.complete(null);
        }

        void fail(LedgerFailure failure) {
            written.completeExceptionally(failure);
            committed.completeExceptionally(failure);
        }
    }
}
