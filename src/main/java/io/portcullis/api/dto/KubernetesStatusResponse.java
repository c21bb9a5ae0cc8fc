package io.portcullis.api.dto;

import io.portcullis.kubernetes.TargetStatus;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/kubernetes/status}: every target of {@code PORTCULLIS_KUBERNETES_TARGETS} and its last writes. */
public record KubernetesStatusResponse(boolean enabled, List<Target> targets) {

    /** One target; {@code crlNumber} and {@code crlNextUpdate} are what the object held after the last success. */
    public record Target(
            String target,
            String kind,
            String objectKind,
            String namespace,
            String name,
            boolean stale,
            Instant lastAttempt,
            Instant lastSuccess,
            String lastOutcome,
            BigInteger crlNumber,
            Instant crlNextUpdate,
            String lastError,
            int consecutiveFailures,
            long failures) {
    }

    public static KubernetesStatusResponse of(boolean enabled, List<TargetStatus> statuses, Instant now) {
        return new KubernetesStatusResponse(enabled, statuses.stream().map(s -> new Target(s.target().toString(),
                s.target().kind().label(), s.target().kind().objectKind(), s.target().namespace(), s.target().name(),
                s.stale(now), s.lastAttempt(), s.lastSuccess(), s.lastOutcome() == null ? null : s.lastOutcome().name(),
                s.crlNumber(), s.crlNextUpdate(), s.lastError(), s.consecutiveFailures(), s.failures())).toList());
    }
}
