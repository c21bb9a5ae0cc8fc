package io.portcullis.runtime;

import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.CaBootstrap;
import io.portcullis.ca.StartupRefusal;
import io.portcullis.config.PortcullisConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Loads (or creates) the CA before the HTTP server accepts requests; a sidecar has no CA of its own. */
@ApplicationScoped
public class CaStartup {

    private static final Logger LOG = Logger.getLogger(CaStartup.class);

    void onStart(@Observes StartupEvent event, PortcullisConfig config, CaBootstrap bootstrap, ActiveCa activeCa) {
        if (config.isSidecar()) {
            return;
        }
        try {
            ActiveCa.Material material = bootstrap.loadOrCreate();
            activeCa.activate(material.certificate(), material.privateKey());
        } catch (StartupRefusal refusal) {
            LOG.error(refusal.getMessage());
            throw refusal;
        }
    }
}
