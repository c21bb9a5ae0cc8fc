package io.portcullis.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * {@code PORTCULLIS_ROLE=sidecar} runs the same jar without a database. The datasource cannot be made
 * inactive ({@code quarkus.datasource.active=false}): the persistence adapters inject the
 * EntityManager directly, and Quarkus refuses to start when an inactive bean is injected. So it stays
 * configured but is never connected: no Flyway, Hibernate ORM started offline without its version
 * check, the datasource health check off, and the CA API not served ({@code SidecarApiFilter}).
 * The ordinal sits above application.properties and below environment variables.
 */
public class RoleConfigSourceFactory implements ConfigSourceFactory {

    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue role = context.getValue("portcullis.role");
        if (role == null || !"sidecar".equals(role.getValue())) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.flyway.active", "false",
                "quarkus.hibernate-orm.database.start-offline", "true",
                "quarkus.hibernate-orm.database.version-check.enabled", "false",
                "quarkus.datasource.jdbc.min-size", "0",
                "quarkus.smallrye-health.check.\"io.quarkus.agroal.runtime.health.DataSourceHealthCheck\".enabled", "false"),
                "portcullis-sidecar-role", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
