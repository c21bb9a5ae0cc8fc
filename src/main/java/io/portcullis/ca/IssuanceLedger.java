package io.portcullis.ca;

import java.math.BigInteger;
import java.util.Optional;

/**
 * Port: the issuance cycle's writes in a transaction shared with concurrent issuances (group
 * commit). The cycle is the same as in {@link CertificateStore}: the intent is written before
 * anything is signed, the certificate and its audit row are written in the same transaction, and
 * the caller answers only after that transaction commits. Sharing one transaction among many
 * issuances makes the database's cost per certificate a fraction of a commit.
 *
 * <p>Only for callers without a transaction of their own; the steps of one issuance block their
 * thread while other issuances join the same transaction.
 */
public interface IssuanceLedger {

    /**
     * Writes the intent in the next shared transaction and returns once it is written (not yet
     * committed). Refuses, writing nothing, a serial already taken or a key revoked for
     * keyCompromise.
     */
    Reservation reserve(IssuanceIntent intent);

    /** One intent in an open shared transaction; exactly one of complete or withdraw follows a reservation. */
    interface Reservation {

        /** False if the serial was already taken; nothing was written. */
        boolean reserved();

        /** The revoked certificate that reported this public key compromised; nothing was written. */
        Optional<BigInteger> compromisedBy();

        /**
         * Stores the signed certificate on its intent, with its audit row, and returns once the
         * shared transaction has committed.
         *
         * @throws RuntimeException if the transaction rolled back; then nothing of it remains
         */
        void complete(byte[] der, String sha256Fingerprint);

        /** Removes the intent (signing failed); the shared transaction goes on without it. */
        void withdraw();
    }
}
