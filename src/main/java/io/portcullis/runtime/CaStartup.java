package io.portcullis.runtime;

import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.CaBootstrap;
import io.portcullis.ca.StartupRefusal;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Loads (or creates) the CA before the HTTP server accepts requests. */
@ApplicationScoped
public class CaStartup {

    private static final Logger LOG = Logger.getLogger(CaStartup.class);

    void onStart(@Observes StartupEvent event, CaBootstrap bootstrap, ActiveCa activeCa) {
        try {
            ActiveCa.Material material = bootstrap.loadOrCreate();
            activeCa.activate(material.certificate(), material.privateKey());
        } catch (StartupRefusal refusal) {
            LOG.error(refusal.getMessage());
            throw refusal;
        }
    }
}
