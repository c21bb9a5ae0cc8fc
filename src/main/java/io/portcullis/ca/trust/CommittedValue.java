package io.portcullis.ca.trust;

import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An in-memory value that a transaction may replace, visible to readers only once that transaction
 * has committed. Readers check the offering transaction's status themselves, so the new value is
 * visible to every {@code AFTER_SUCCESS} observer whatever order the observers run in, and a rolled
 * back offer is never seen.
 */
final class CommittedValue<T> {

    private record Offer<T>(T value, Transaction transaction) {
    }

    private final Comparator<T> newer;
    private final Queue<Offer<T>> offers = new ConcurrentLinkedQueue<>();
    private volatile T value;

    /** @param order orders values from older to newer; an older value never replaces a newer one */
    CommittedValue(Comparator<T> order) {
        this.newer = order;
    }

    /** Offers a value that becomes visible if and when {@code transaction} commits. */
    void offer(T candidate, Transaction transaction) {
        offers.add(new Offer<>(candidate, transaction));
    }

    /** Sets a value read from committed state, unless a newer one is already visible. */
    synchronized void set(T candidate) {
        if (value == null || newer.compare(candidate, value) > 0) {
            value = candidate;
        }
    }

    /** The newest committed value, or null. */
    T get() {
        if (!offers.isEmpty()) {
            promote();
        }
        return value;
    }

    private synchronized void promote() {
        for (Iterator<Offer<T>> it = offers.iterator(); it.hasNext(); ) {
            Offer<T> offer = it.next();
            int status = status(offer.transaction());
            if (status == Status.STATUS_COMMITTED) {
                set(offer.value());
                it.remove();
            } else if (status == Status.STATUS_ROLLEDBACK || status == Status.STATUS_NO_TRANSACTION
                    || status == Status.STATUS_UNKNOWN) {
                it.remove();
            }
        }
    }

    private static int status(Transaction transaction) {
        try {
            return transaction.getStatus();
        } catch (SystemException e) {
            return Status.STATUS_UNKNOWN;
        }
    }
}
