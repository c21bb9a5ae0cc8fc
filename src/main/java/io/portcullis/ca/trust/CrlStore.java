package io.portcullis.ca.trust;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/** Port: published CRLs and the revocations they list, in the database every replica shares. */
public interface CrlStore {

    /** Serialises CRL generation across all replicas until the current transaction ends. */
    void lockForPublication();

    /** The published CRL with the highest number, if any. */
    Optional<PublishedCrl> newest();

    /** Number and times of the newest CRL without its bytes: the cheap check replicas run often. */
    Optional<Header> newestHeader();

    /** A published CRL's number and validity. */
    record Header(BigInteger number, Instant thisUpdate, Instant nextUpdate) {
    }

    /**
     * Streams every revoked certificate that still belongs on a CRL: those that had not expired
     * when the previous CRL was issued ({@code expiredAfter}), so each entry outlives its
     * certificate by exactly one more CRL (RFC 5280 section 3.3).
     */
    void forEachRevoked(Instant expiredAfter, Consumer<RevokedEntry> consumer);

    void insert(PublishedCrl crl, int entries, String reason);
}
