package io.portcullis.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.ca.CertificateIssued;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/** Counts certificates once their transaction has committed ({@code portcullis_certificates_issued_total}). */
@ApplicationScoped
public class IssuanceMetrics {

    private final Counter issued;

    @Inject
    public IssuanceMetrics(MeterRegistry registry) {
        this.issued = Counter.builder("portcullis.certificates.issued")
                .description("Certificates issued and committed")
                .register(registry);
    }

    void onIssued(@Observes(during = TransactionPhase.AFTER_SUCCESS) CertificateIssued event) {
        issued.increment();
    }
}
