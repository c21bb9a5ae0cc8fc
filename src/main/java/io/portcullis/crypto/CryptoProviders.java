package io.portcullis.crypto;

import io.portcullis.config.PortcullisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/** Selects the {@link CryptoProvider} once per process, from {@code portcullis.crypto.provider}, and says which and why. */
@ApplicationScoped
public class CryptoProviders {

    private static final Logger LOG = Logger.getLogger(CryptoProviders.class);

    /**
     * As soon as the container is up, well before the start-up event, AWS-LC starts loading in the background
     * unless the raw settings already rule it out; the choice itself is made from the validated configuration.
     */
    void preload(@Observes @Initialized(ApplicationScoped.class) Object event) {
        Config raw = ConfigProvider.getConfig();
        if (!"sidecar".equals(raw.getOptionalValue("portcullis.role", String.class).orElse("ca"))
                && !CryptoProvider.BOUNCYCASTLE.equals(raw.getOptionalValue("portcullis.crypto.provider", String.class).orElse(""))) {
            AwsLc.preload();
        }
    }

    @Produces
    @Singleton
    CryptoProvider selected(PortcullisConfig config) {
        CryptoProvider selected = CryptoProvider.select(config.crypto().provider());
        LOG.infof("Public-key cryptography: %s (%s)", selected.name(), selected.reason());
        return selected;
    }
}
