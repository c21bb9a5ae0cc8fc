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
 * {@code PORTCULLIS_ROLE=sidecar} runs the same jar without a database: it switches the datasource,
 * Hibernate ORM and Flyway off at runtime. Its ordinal sits above application.properties and below
 * environment variables, so an operator can still override each switch.
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
                "quarkus.datasource.active", "false",
                "quarkus.hibernate-orm.active", "false",
                "quarkus.flyway.active", "false"), "portcullis-sidecar-role", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
