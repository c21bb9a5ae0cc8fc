package io.portcullis.devdb;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Runs {@link DevDatabase} in the dev profile only. A config source factory is the one hook of the
 * application's own code that runs before the datasource and Flyway start; it contributes no
 * configuration. Dev mode builds its configuration more than once per start and again on every
 * reload, so the work is done once per JVM.
 */
public class DevDatabaseBootstrap implements ConfigSourceFactory {

    private static final String DONE = "io.portcullis.devdb.prepared";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (context.getProfiles().contains("dev") && System.getProperty(DONE) == null) {
            // A system property, not a static field: a dev-mode reload brings a new class loader.
            System.setProperty(DONE, "true");
            DevDatabase.prepare(value(context, "quarkus.datasource.jdbc.url"), value(context, "quarkus.datasource.username"),
                    value(context, "quarkus.datasource.password"), Path.of(System.getProperty("user.dir")));
        }
        return List.of();
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(100);
    }
}
