package io.portcullis.ca.issuance;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/** Port: the deny-list of public keys revoked for keyCompromise, keyed by SPKI SHA-256. */
public interface CompromisedKeys {

    /**
     * Lists the key of a certificate just revoked for keyCompromise, in the revocation's transaction.
     * A key already listed keeps its first entry.
     */
    void add(BigInteger revokedSerial);

    /** Lists a key reported compromised through {@code serial}'s device; a key already listed keeps its first entry. */
    void deny(String spkiSha256, BigInteger serial, Instant at);

    /**
     * The serial of the certificate whose keyCompromise revocation listed this key, if any. Holds a
     * shared lock on the key until the transaction ends, so a keyCompromise revocation of it waits for
     * this transaction's issuance to commit (and then revokes it too) or this one sees the listing.
     */
    Optional<BigInteger> revokedWith(String spkiSha256);

    /** Takes the shared lock {@link #revokedWith} takes, without the look-up. */
    void lockForIssuance(String spkiSha256);

    /**
     * Takes the exclusive lock on a key before a keyCompromise revocation: issuances that checked the
     * key have committed, and later ones will see the listing.
     */
    void lockForRevocation(String spkiSha256);
}
