package io.portcullis.ca.lifecycle;

import io.portcullis.ca.Revocation;
import io.portcullis.ca.issuance.CertificateStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The revocation status of a serial as OCSP reports it. A serial this CA never issued (or only
 * reserved) is {@code unknown}, never {@code good}.
 */
@ApplicationScoped
public class CertificateStatuses {

    /** One status: revoked ones carry their revocation. */
    public record Status(Kind kind, Revocation revocation) {

        /** RFC 6960 CertStatus choices. */
        public enum Kind {
            GOOD,
            REVOKED,
            UNKNOWN
        }
    }

    private final CertificateStore certificates;
    private final LifecycleStore lifecycle;

    @Inject
    public CertificateStatuses(CertificateStore certificates, LifecycleStore lifecycle) {
        this.certificates = certificates;
        this.lifecycle = lifecycle;
    }

    @Transactional
    public Status of(BigInteger serial) {
        if (serial.signum() <= 0 || serial.bitLength() > 159 || certificates.find(serial).isEmpty()) {
            return new Status(Status.Kind.UNKNOWN, null);
        }
        Optional<Revocation> revocation = lifecycle.revocation(serial);
        return revocation.map(r -> new Status(Status.Kind.REVOKED, r)).orElseGet(() -> new Status(Status.Kind.GOOD, null));
    }
}
