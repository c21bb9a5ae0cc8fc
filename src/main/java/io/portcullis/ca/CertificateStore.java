package io.portcullis.ca;

import java.math.BigInteger;
import java.util.Optional;

/** Port: the durable records of issued certificates. */
public interface CertificateStore {

    /**
     * Records the intent to issue under a serial, within the caller's transaction.
     *
     * @return false if the serial is already taken, in which case nothing was written
     */
    boolean reserve(IssuanceIntent intent);

    /** Stores the signed certificate on its intent, and its audit row, within the same transaction. */
    void complete(IssuanceIntent intent, byte[] der, String sha256Fingerprint);

    Optional<CertificateRecord> find(BigInteger serial);

    Page<CertificateRecord> search(CertificateQuery query);
}
