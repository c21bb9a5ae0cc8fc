package io.portcullis.kubernetes;

import java.math.BigInteger;
import java.time.Instant;

/**
 * What the writes of one target did. {@code crlNumber} and {@code crlNextUpdate} describe the CRL
 * the object held after the last success (ours or a newer one another replica wrote);
 * {@code lastError} is the reason of the latest failed attempt, cleared by the next success.
 */
public record TargetStatus(
        KubernetesTarget target,
        Instant lastAttempt,
        Instant lastSuccess,
        WriteOutcome lastOutcome,
        BigInteger crlNumber,
        Instant crlNextUpdate,
        String lastError,
        int consecutiveFailures,
        long failures) {

    static TargetStatus never(KubernetesTarget target) {
        return new TargetStatus(target, null, null, null, null, null, null, 0, 0);
    }

    TargetStatus succeeded(Instant at, TrustObjectWriter.Result result) {
        return new TargetStatus(target, at, at, result.outcome(), result.crlNumber(), result.crlNextUpdate(), null, 0, failures);
    }

    TargetStatus failed(Instant at, String error) {
        return new TargetStatus(target, at, lastSuccess, lastOutcome, crlNumber, crlNextUpdate, error, consecutiveFailures + 1,
                failures + 1);
    }

    /**
     * Stale: never written, the latest attempt failed, or the CRL the object holds has expired (the
     * ingress controller then refuses every device). A ConfigMap carries no CRL, so only the first two.
     */
    public boolean stale(Instant now) {
        if (lastSuccess == null || lastError != null) {
            return true;
        }
        return target.kind().carriesCrl() && crlNextUpdate != null && !crlNextUpdate.isAfter(now);
    }
}
