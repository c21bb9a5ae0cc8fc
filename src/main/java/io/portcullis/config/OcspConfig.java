package io.portcullis.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/** Settings of the OCSP responder. */
public interface OcspConfig {
    /**
     * How long an answer may be cached (thisUpdate to nextUpdate). nginx's {@code ssl_ocsp_cache}
     * keeps a device's status that long, so in the nginx OCSP mode a revocation takes effect within
     * it; shorter means more OCSP requests and less time to ride out a CA outage.
     */
    @WithDefault("1h")
    @DurationMin(minutes = 1)
    @DurationMax(days = 7)
    Duration validity();
}
