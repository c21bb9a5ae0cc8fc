package io.portcullis.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Offers each module's group of settings for injection on its own, so a class that needs only its
 * module's settings depends on them and not on the whole {@link PortcullisConfig}. The groups are
 * the root mapping's own, validated with it at start.
 */
@ApplicationScoped
public class ConfigGroups {

    @Produces
    CaConfig ca(PortcullisConfig config) {
        return config.ca();
    }

    @Produces
    NginxConfig nginx(PortcullisConfig config) {
        return config.nginx();
    }

    @Produces
    OrderConfig order(PortcullisConfig config) {
        return config.order();
    }

    @Produces
    EventsConfig events(PortcullisConfig config) {
        return config.events();
    }

    @Produces
    CrlConfig crl(PortcullisConfig config) {
        return config.crl();
    }

    @Produces
    RenewalConfig renewal(PortcullisConfig config) {
        return config.renewal();
    }
}
