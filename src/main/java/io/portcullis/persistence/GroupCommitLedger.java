package io.portcullis.persistence;

import io.agroal.api.AgroalDataSource;
import io.portcullis.audit.ClientAddress;
import io.portcullis.ca.IssuanceIntent;
import io.portcullis.ca.IssuanceLedger;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Group commit for the issuance cycle on plain JDBC. Requests queue their entries; a committer
 * thread takes whatever has queued and runs it as one {@link BatchTransaction}: the deny-list
 * query and the intents' inserts, the requests' signatures on their own threads, then one commit
 * for all of their certificates (see {@link LedgerEntry} for the hand-over). Each request returns
 * only after that commit. Two committers alternate, so one batch's commit overlaps the next
 * batch's signing.
 *
 * <p>Why not the ORM: a Hibernate session and a JTA transaction per certificate cost more than
 * the signature, and a commit per certificate costs PostgreSQL more than the inserts.
 */
@ApplicationScoped
@IssuanceLedger.SharedTransaction
public class GroupCommitLedger implements IssuanceLedger {

    /** Large enough to absorb every worker thread's request in one or two transactions. */
    static final int MAX_BATCH = 64;
    static final int COMMITTERS = 2;
    /** Beyond the driver's socket timeout (30 s), so a hung database surfaces as its own error first. */
    static final Duration WAIT = Duration.ofSeconds(40);
    /** How long an open transaction waits for its requests' signatures (RSA-4096 takes milliseconds). */
    static final Duration SIGNING = Duration.ofSeconds(20);

    private final ClientAddress clientAddress;
    private final BatchTransaction transaction;
    private final BlockingQueue<LedgerEntry> queue = new LinkedBlockingQueue<>();
    private final List<Thread> committers = new ArrayList<>();
    private volatile boolean stopped;

    @Inject
    public GroupCommitLedger(AgroalDataSource dataSource, ClientAddress clientAddress, Clock clock) {
        this.clientAddress = clientAddress;
        // everything queued behind a batch that lost the database would wait for the same dead connection
        this.transaction = new BatchTransaction(dataSource, clock,
                cause -> failQueued(new LedgerFailure("the database is unreachable", cause)));
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
            throw LedgerFailure.unavailable("the service is shutting down");
        }
        LedgerEntry entry = new LedgerEntry(intent, clientAddress.current().orElse(null));
        queue.add(entry);
        try {
            entry.awaitWritten();
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
        failQueued(LedgerFailure.unavailable("the service stopped"));
    }

    private void commitBatches() {
        while (!stopped) {
            List<LedgerEntry> batch = new ArrayList<>();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            transaction.commit(batch);
        }
    }

    private void failQueued(LedgerFailure failure) {
        List<LedgerEntry> queued = new ArrayList<>();
        queue.drainTo(queued);
        queued.forEach(e -> e.fail(failure));
    }
}
