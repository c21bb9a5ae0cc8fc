package io.portcullis.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/** Settings of the Kubernetes objects kept current; empty targets switch the feature off. */
public interface KubernetesConfig {
    /**
     * {@code KIND:NAMESPACE/NAME}, comma separated; KIND is {@code ingress-nginx}, {@code f5} or
     * {@code gateway-api}. Absent: nothing is written and no Kubernetes client is created.
     */
    Optional<List<String>> targets();

    /** How often every target is written again even without a change (catches edits and deletions). */
    @WithName("resync-interval")
    @WithDefault("5m")
    @DurationMin(seconds = 1)
    @DurationMax(hours = 1)
    Duration resyncInterval();
}
