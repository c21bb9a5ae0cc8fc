package io.portcullis.ca;

import jakarta.inject.Qualifier;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Port: the issuance cycle's writes. The intent is written before anything is signed, the
 * certificate, its device and its audit row are written in the same transaction as the intent, and
 * the caller answers only after that transaction commits. A reservation also refuses a key revoked
 * for keyCompromise, reading the deny-list in the transaction that writes the intent (and sharing
 * the key's lock until it ends), so a concurrent keyCompromise revocation either waits for the
 * certificate and revokes it too, or is seen by the reservation.
 *
 * <p>Two adapters, chosen by qualifier: {@link CallersTransaction} writes in the caller's JTA
 * transaction (orders, renewals and bundles, whose other rows must commit with the certificate);
 * {@link SharedTransaction} writes in a transaction shared with concurrent issuances (group commit)
 * for callers without a transaction of their own, which makes the database's cost per certificate a
 * fraction of a commit. Both read the deny-list with the same query.
 */
public interface IssuanceLedger {

    /**
     * Writes the intent and returns once it is written (not yet committed). Refuses, writing
     * nothing, a serial already taken or a key revoked for keyCompromise.
     */
    Reservation reserve(IssuanceIntent intent);

    /** One intent in an open transaction; exactly one of complete or withdraw follows a reservation. */
    interface Reservation {

        /** False if the serial was already taken or the key is compromised; nothing was written. */
        boolean reserved();

        /** The revoked certificate that reported this public key compromised; nothing was written. */
        Optional<BigInteger> compromisedBy();

        /**
         * Stores the signed certificate on its intent, with its device and audit row. The shared
         * adapter returns once its transaction has committed; the caller's transaction commits when
         * the caller's work ends.
         *
         * @throws RuntimeException if the transaction rolled back; then nothing of it remains
         */
        void complete(byte[] der, String sha256Fingerprint);

        /** Removes the intent (signing failed); the transaction goes on without it. */
        void withdraw();
    }

    /** The adapter that writes in the caller's transaction, which must be active. */
    @Qualifier
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
    @interface CallersTransaction {
    }

    /** The group-commit adapter, for callers without a transaction of their own. */
    @Qualifier
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
    @interface SharedTransaction {
    }
}
