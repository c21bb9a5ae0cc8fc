package io.portcullis.runtime;

import io.portcullis.config.PortcullisConfig;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Tells a newcomer running {@code ./mvnw quarkus:dev} where the service listens and which
 * development secrets it uses. Dev profile only: the values it prints are the committed
 * development defaults of application.properties, which no other profile has.
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class DevBanner {

    private static final Logger LOG = Logger.getLogger(DevBanner.class);

    void onStart(@Observes StartupEvent event, PortcullisConfig config,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        String url = "http://localhost:" + port;
        LOG.infof("Portcullis (dev profile) is ready on %s: API %s/api/v1, enrolment page %s/enroll, OpenAPI %s/q/openapi."
                + " Development values, never for production: admin token '%s', CA passphrase '%s'.",
                url, url, url, url, config.adminToken().orElse("(none)"), config.ca().passphrase().orElse("(none)"));
    }
}
