package io.portcullis.persistence;

import io.portcullis.ca.IssuanceIntent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One request's place in a shared transaction of the {@link GroupCommitLedger}; its futures hand
 * each step between the request's thread and the committer's: written (the committer, after the
 * intent's insert), signature (the request), committed (the committer).
 */
final class LedgerEntry extends IntentReservation {

    final String remoteAddress;
    final CompletableFuture<Void> written = new CompletableFuture<>();
    /** The signed certificate, or {@code null} once withdrawn. */
    final CompletableFuture<Signature> signature = new CompletableFuture<>();
    final CompletableFuture<Void> committed = new CompletableFuture<>();

    LedgerEntry(IssuanceIntent intent, String remoteAddress) {
        super(intent);
        this.remoteAddress = remoteAddress;
    }

    /** A request's signed certificate, handed to the committer. */
    record Signature(byte[] der, String sha256Fingerprint) {
    }

    @Override
    public void complete(byte[] der, String sha256Fingerprint) {
        if (!reserved || !signature.complete(new Signature(der, sha256Fingerprint))) {
            throw notOpen();
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

    /** Waits for the intent's insert, within {@link GroupCommitLedger#WAIT}; rethrows its failure. */
    void awaitWritten() {
        await(written);
    }

    private static void await(CompletableFuture<Void> step) {
        try {
            step.get(GroupCommitLedger.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new LedgerFailure("issuance failed", e.getCause());
        } catch (TimeoutException e) {
            throw LedgerFailure.unavailable("no shared issuance transaction answered within "
                    + GroupCommitLedger.WAIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerFailure("interrupted while issuing", e);
        }
    }
}
