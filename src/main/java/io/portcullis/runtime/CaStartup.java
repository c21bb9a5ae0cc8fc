package io.portcullis.runtime;

import io.portcullis.ca.trust.ActiveCa;
import io.portcullis.ca.trust.CaBootstrap;
import io.portcullis.config.PortcullisConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Loads (or creates) the CA before the HTTP server accepts requests; a sidecar has no CA of its own. */
@ApplicationScoped
public class CaStartup {

    void onStart(@Observes StartupEvent event, PortcullisConfig config, CaBootstrap bootstrap, ActiveCa activeCa) {
        if (config.isSidecar()) {
            return;
        }
        // A StartupRefusal propagates: Quarkus prints its one line and exits without a stack trace.
        ActiveCa.Material material = bootstrap.loadOrCreate();
        activeCa.activate(material.certificate(), material.privateKey());
    }
}
