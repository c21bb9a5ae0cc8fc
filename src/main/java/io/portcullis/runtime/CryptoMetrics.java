package io.portcullis.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.crypto.CryptoProvider;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * {@code portcullis_crypto_provider{provider="aws-lc"} 1}: which implementation does the public-key math. Selecting
 * it here, at start, makes an unusable {@code PORTCULLIS_CRYPTO_PROVIDER=aws-lc} refuse to start before the HTTP
 * server accepts anything. A sidecar signs nothing and loads no provider.
 */
@ApplicationScoped
public class CryptoMetrics {

    void register(@Observes StartupEvent event, PortcullisConfig config, Instance<CryptoProvider> crypto, MeterRegistry registry) {
        if (config.isSidecar()) {
            return;
        }
        CryptoProvider selected = crypto.get();
        Gauge.builder("portcullis.crypto.provider", () -> 1)
                .tag("provider", selected.name())
                .description("The implementation of public-key cryptography this replica uses (value always 1)")
                .register(registry);
    }
}
