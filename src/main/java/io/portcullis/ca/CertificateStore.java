package io.portcullis.ca;

import java.math.BigInteger;
import java.util.Optional;

/** Port: the durable records of issued certificates; the issuance cycle writes them through {@link IssuanceLedger}. */
public interface CertificateStore {

    Optional<CertificateRecord> find(BigInteger serial);

    Page<CertificateRecord> search(CertificateQuery query);
}
