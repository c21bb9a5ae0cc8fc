package io.portcullis.runtime;

import io.portcullis.kubernetes.KubernetesSync;
import io.portcullis.kubernetes.TargetStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The Kubernetes targets, as data on a check that is always UP: {@code state} is {@code off},
 * {@code ok} or {@code degraded} (some target stale: its last write failed or the CRL it holds
 * expired), with {@code staleTargets}. Health has no "degraded", and DOWN would take the CA out of
 * its Service while an API server or an RBAC rule is at fault, which no restart fixes: the CA must
 * go on enrolling and revoking. Alert on {@code portcullis_kubernetes_target_stale} instead.
 */
@Readiness
@ApplicationScoped
public class KubernetesHealthCheck implements HealthCheck {

    @Inject
    KubernetesSync sync;

    @Inject
    Clock clock;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kubernetes").up();
        if (!sync.enabled()) {
            return response.withData("state", "off").build();
        }
        Instant now = clock.instant();
        List<String> stale = sync.statuses().stream().filter(s -> s.stale(now)).map(s -> s.target().toString()).toList();
        response.withData("state", stale.isEmpty() ? "ok" : "degraded");
        if (!stale.isEmpty()) {
            response.withData("staleTargets", String.join(",", stale));
        }
        sync.statuses().stream().filter(s -> s.lastError() != null).findFirst()
                .map(TargetStatus::lastError).ifPresent(error -> response.withData("firstError", error));
        return response.build();
    }
}
