package io.portcullis.persistence;

/**
 * A shared issuance transaction that did not commit. The cause, if any, is the database's own
 * error; a failure without one (the service stopping, a transaction that did not answer in time)
 * says itself whether it is {@link #unavailable()}. {@link DatabaseFailures} reads both, so the
 * problem mapper answers 503 or 500; the message is for the log only.
 */
final class LedgerFailure extends RuntimeException {

    private final boolean unavailable;

    LedgerFailure(String message, Throwable cause) {
        this(message, cause, false);
    }

    private LedgerFailure(String message, Throwable cause, boolean unavailable) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    /** A failure to retry shortly (on this replica or another), whatever its cause says. */
    static LedgerFailure unavailable(String message, Throwable cause) {
        return new LedgerFailure(message, cause, true);
    }

    static LedgerFailure unavailable(String message) {
        return unavailable(message, null);
    }

    boolean unavailable() {
        return unavailable;
    }
}
