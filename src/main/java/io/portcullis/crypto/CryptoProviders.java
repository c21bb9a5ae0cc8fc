package io.portcullis.crypto;

import io.portcullis.config.PortcullisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Selects the {@link CryptoProvider} once per process, from {@code portcullis.crypto.provider}, and says which and why. */
@ApplicationScoped
public class CryptoProviders {

    private static final Logger LOG = Logger.getLogger(CryptoProviders.class);

    @Produces
    @Singleton
    CryptoProvider selected(PortcullisConfig config) {
        CryptoProvider selected = CryptoProvider.select(config.crypto().provider());
        LOG.infof("Public-key cryptography: %s (%s)", selected.name(), selected.reason());
        return selected;
    }
}
