package io.portcullis.kubernetes;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Per target (tag {@code target}, as in the setting): {@code portcullis_kubernetes_crl_seconds_until_next_update}
 * (of the CRL the object holds; negative once it expired: alert well before zero),
 * {@code portcullis_kubernetes_write_failures_total} and {@code portcullis_kubernetes_target_stale} (1 or 0).
 */
@ApplicationScoped
public class KubernetesMetrics {

    private final MeterRegistry registry;
    private final Clock clock;

    @Inject
    public KubernetesMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    void register(List<TargetWorker> workers) {
        for (TargetWorker worker : workers) {
            String target = worker.status().target().toString();
            Gauge.builder("portcullis.kubernetes.crl.seconds.until.next.update", worker, w -> secondsUntilNextUpdate(w.status()))
                    .tag("target", target)
                    .description("Seconds until the nextUpdate of the CRL the Kubernetes object holds")
                    .register(registry);
            FunctionCounter.builder("portcullis.kubernetes.write.failures", worker, w -> w.status().failures())
                    .tag("target", target)
                    .description("Failed attempts to write the Kubernetes object")
                    .register(registry);
            Gauge.builder("portcullis.kubernetes.target.stale", worker, w -> w.status().stale(clock.instant()) ? 1 : 0)
                    .tag("target", target)
                    .description("1 while the Kubernetes object is not known to hold the current, valid trust material")
                    .register(registry);
        }
    }

    private double secondsUntilNextUpdate(TargetStatus status) {
        return status.crlNextUpdate() == null ? Double.NaN
                : Duration.between(clock.instant(), status.crlNextUpdate()).toMillis() / 1000.0;
    }
}
