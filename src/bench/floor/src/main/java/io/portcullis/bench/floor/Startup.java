package io.portcullis.bench.floor;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/** One Panache query before the service is ready, as Portcullis reads its CA before it is. */
@ApplicationScoped
public class Startup {

    private static final Logger LOG = Logger.getLogger(Startup.class);

    @Transactional
    void onStart(@Observes StartupEvent event) {
        LOG.infof("%d valid devices", Device.count("status", "valid"));
    }
}
