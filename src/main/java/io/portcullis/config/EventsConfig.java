package io.portcullis.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Min;

/** Bounds on open event streams per replica. */
public interface EventsConfig {
    /** Streams one replica holds open at most; a sidecar needs one. */
    @WithName("max-streams")
    @WithDefault("1000")
    @Min(1)
    int maxStreams();

    /** Streams one client address may hold open at most (behind a trusted proxy, the forwarded address). */
    @WithName("max-streams-per-address")
    @WithDefault("8")
    @Min(1)
    int maxStreamsPerAddress();
}
