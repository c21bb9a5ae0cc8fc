package io.portcullis.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/** Settings of renewals. */
public interface RenewalConfig {
    /**
     * How long after a renewal its predecessor may ask again and get the same successor back
     * (a lost response), instead of being refused as superseded.
     */
    @WithDefault("5m")
    @DurationMin(seconds = 1)
    @DurationMax(hours = 24)
    Duration grace();
}
