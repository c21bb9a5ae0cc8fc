package io.portcullis.runtime;

import io.portcullis.ca.ActiveCa;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the CA key is loaded; the datasource check adds database reachability. */
@Readiness
@ApplicationScoped
public class CaReadinessCheck implements HealthCheck {

    @Inject
    ActiveCa activeCa;

    @Override
    public HealthCheckResponse call() {
        return activeCa.current()
                .map(m -> HealthCheckResponse.named("ca").up()
                        .withData("subject", m.certificate().subject())
                        .withData("notAfter", m.certificate().notAfter().toString())
                        .build())
                .orElseGet(() -> HealthCheckResponse.named("ca").down().withData("reason", "CA key not loaded").build());
    }
}
