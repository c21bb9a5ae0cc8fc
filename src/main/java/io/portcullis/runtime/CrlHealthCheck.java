package io.portcullis.runtime;

import io.portcullis.ca.trust.CrlFreshness;
import io.portcullis.ca.trust.TrustMaterial;
import io.portcullis.config.PortcullisConfig;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * {@code crl} in {@code /q/health} and {@code /q/health/well}: DOWN once the served CRL is
 * overdue for its half-life refresh by more than a sixteenth of its validity, days before
 * nextUpdate. A wellness check, not readiness: a CRL that cannot be refreshed is still valid, and
 * taking every replica out of service would stop serving it.
 */
@Wellness
@ApplicationScoped
public class CrlHealthCheck implements HealthCheck {

    @Inject
    TrustMaterial trustMaterial;

    @Inject
    Clock clock;

    @Inject
    PortcullisConfig config;

    @Override
    public HealthCheckResponse call() {
        if (config.isSidecar()) {
            // a sidecar publishes no CRL; its nginx check watches the CRL it deploys
            return HealthCheckResponse.named("crl").up().withData("role", "sidecar").build();
        }
        Instant now = clock.instant();
        return trustMaterial.currentCrl().map(crl -> {
            CrlFreshness freshness = CrlFreshness.of(crl, now);
            return HealthCheckResponse.named("crl").status(!freshness.stale())
                    .withData("number", crl.number().longValue())
                    .withData("refreshDue", freshness.refreshDue().toString())
                    .withData("nextUpdate", freshness.nextUpdate().toString())
                    .withData("overdueSeconds", freshness.overdue().getSeconds())
                    .build();
        }).orElseGet(() -> HealthCheckResponse.named("crl").down().withData("reason", "no CRL published yet").build());
    }
}
