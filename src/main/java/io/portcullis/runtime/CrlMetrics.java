package io.portcullis.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.ca.trust.CrlFreshness;
import io.portcullis.ca.trust.PublishedCrl;
import io.portcullis.ca.trust.TrustMaterial;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code portcullis_crl_number}, {@code portcullis_crl_seconds_until_next_update} (negative
 * once the served CRL has expired: alert well before zero) and
 * {@code portcullis_crl_refresh_overdue_seconds} (above zero when the half-life refresh is failing).
 */
@ApplicationScoped
public class CrlMetrics {

    void register(@Observes StartupEvent event, MeterRegistry registry, TrustMaterial trustMaterial, Clock clock) {
        Gauge.builder("portcullis.crl.number", trustMaterial,
                        t -> t.currentCrl().map(c -> c.number().doubleValue()).orElse(Double.NaN))
                .description("Number of the CRL this replica serves")
                .register(registry);
        Gauge.builder("portcullis.crl.seconds.until.next.update", trustMaterial,
                        t -> t.currentCrl().map(c -> secondsUntil(c, clock)).orElse(Double.NaN))
                .description("Seconds until the served CRL's nextUpdate")
                .register(registry);
        Gauge.builder("portcullis.crl.refresh.overdue.seconds", trustMaterial,
                        t -> t.currentCrl().map(c -> (double) CrlFreshness.of(c, clock.instant()).overdue().getSeconds())
                                .orElse(Double.NaN))
                .description("Seconds the served CRL is past its half-life refresh; 0 while refreshes succeed")
                .register(registry);
    }

    private static double secondsUntil(PublishedCrl crl, Clock clock) {
        return Duration.between(clock.instant(), crl.nextUpdate()).toMillis() / 1000.0;
    }
}
