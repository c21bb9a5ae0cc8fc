package io.portcullis.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.Optional;

/** Settings of the sidecar role. */
public interface SidecarConfig {
    /** Base URL of the CA, e.g. {@code http://portcullis.portcullis.svc:8080}. */
    @WithName("ca-url")
    Optional<@Pattern(regexp = "https?://[^\\s?#]+", message = "must be an http(s) URL without query or fragment") String> caUrl();

    /** Seconds between polls of the CA bundle and the CRL (and between checks in the CA role). */
    @WithName("poll-seconds")
    @WithDefault("10")
    @Min(1)
    @Max(3600)
    int pollSeconds();
}
