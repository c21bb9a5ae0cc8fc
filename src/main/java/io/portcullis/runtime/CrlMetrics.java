package io.portcullis.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.ca.PublishedCrl;
import io.portcullis.ca.TrustMaterial;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code portcullis_crl_number} and {@code portcullis_crl_seconds_until_next_update} (negative
 * once the served CRL has expired: alert well before zero).
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
    }

    private static double secondsUntil(PublishedCrl crl, Clock clock) {
        return Duration.between(clock.instant(), crl.nextUpdate()).toMillis() / 1000.0;
    }
}
