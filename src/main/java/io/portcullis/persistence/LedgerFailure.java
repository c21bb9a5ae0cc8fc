package io.portcullis.persistence;

/**
 * A shared issuance transaction that did not commit. The cause is the database's own error (or a
 * transient one for timeouts), which the problem mapper reads to answer 503 or 500; the message is
 * for the log only.
 */
final class LedgerFailure extends RuntimeException {

    LedgerFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
