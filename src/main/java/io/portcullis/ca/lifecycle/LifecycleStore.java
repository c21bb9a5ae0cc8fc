package io.portcullis.ca.lifecycle;

import io.portcullis.ca.Revocation;
import io.portcullis.ca.RevocationReason;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/** Port: the lifecycle columns of certificate records (revocation, renewal links, stored CSRs). */
public interface LifecycleStore {

    /**
     * Marks a valid certificate revoked with one atomic {@code UPDATE … WHERE status = 'valid'}.
     *
     * @return false if no valid certificate has that serial (unknown, pending or already revoked)
     */
    boolean revoke(BigInteger serial, Instant at, RevocationReason reason, String revokedBy);

    Optional<Revocation> revocation(BigInteger serial);

    /**
     * Locks an issued certificate's row against revocation until the transaction ends and returns
     * its CSR, so a renewal never completes for a certificate revoked meanwhile.
     *
     * @return the CSR, empty if no issued certificate has that serial
     */
    Optional<byte[]> lockForRenewal(BigInteger serial);

    /** Records that {@code renewal} renews {@code renewed}. */
    void linkRenewal(BigInteger renewal, BigInteger renewed);
}
