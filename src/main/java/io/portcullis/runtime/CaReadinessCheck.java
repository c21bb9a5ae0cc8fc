package io.portcullis.runtime;

import io.portcullis.ca.trust.ActiveCa;
import io.portcullis.config.PortcullisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once the CA key is loaded; the datasource check adds database reachability. A sidecar
 * has no CA key of its own: its readiness is the nginx check's.
 */
@Readiness
@ApplicationScoped
public class CaReadinessCheck implements HealthCheck {

    @Inject
    ActiveCa activeCa;

    @Inject
    PortcullisConfig config;

    @Override
    public HealthCheckResponse call() {
        if (config.isSidecar()) {
            return HealthCheckResponse.named("ca").up().withData("role", "sidecar").build();
        }
        return activeCa.current()
                .map(m -> HealthCheckResponse.named("ca").up()
                        .withData("subject", m.certificate().subject())
                        .withData("notAfter", m.certificate().notAfter().toString())
                        .build())
                .orElseGet(() -> HealthCheckResponse.named("ca").down().withData("reason", "CA key not loaded").build());
    }
}
