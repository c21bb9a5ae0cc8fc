package io.portcullis.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** Settings of the CRL. */
public interface CrlConfig {
    /** Lifetime of each CRL (thisUpdate to nextUpdate): ISO-8601 duration or days, 1 hour to 10 days. */
    @WithDefault("P7D")
    @NotBlank
    String validity();

    /**
     * How often each replica checks whether the CRL is half-way to its nextUpdate and whether
     * another replica published a newer CRL or CA certificate (a Quarkus duration: 60s, 5m).
     */
    @WithName("check-interval")
    @WithDefault("60s")
    @Pattern(regexp = "\\d+[smh]", message = "must be a number followed by s, m or h")
    String checkInterval();
}
