package io.portcullis.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * src/docs/configuration.md documents every setting once, in one table: this test derives the settings from the
 * {@code @ConfigMapping} interfaces themselves (PortcullisConfig and any other mapping under io.portcullis), the
 * way SmallRye Config names them, and fails when the table misses one, lists one that does not exist, names the
 * wrong environment variable or documents another default than the code's {@code @WithDefault} or
 * application.properties.
 */
class ConfigurationDocTest {

    static final Path DOC = Path.of("src/docs/configuration.md");
    static final Path PROPERTIES = Path.of("src/main/resources/application.properties");

    /** A documented setting: one row of the table. */
    record Row(String property, String env, String defaultCell, String meaning) {
    }

    /** A setting of a mapping: its property name and its {@code @WithDefault}, if any. */
    record Setting(String property, Optional<String> withDefault) {
    }

    static Map<String, Row> rows;
    static Map<String, Setting> settings;
    static Properties properties;

    @BeforeAll
    static void read() throws Exception {
        rows = rows(Files.readAllLines(DOC));
        settings = new TreeMap<>();
        for (Class<?> mapping : mappings()) {
            walk(mapping, mapping.getAnnotation(ConfigMapping.class).prefix(), settings);
        }
        properties = new Properties();
        try (Reader in = Files.newBufferedReader(PROPERTIES)) {
            properties.load(in);
        }
    }

    @Test
    void theWalkFindsTheSettingsOfEveryKind() {
        // guards the reflection itself: a plain value, a nested group, a @WithName, an Optional, a List, a two-level group
        assertThat(settings).containsKeys("portcullis.public-url", "portcullis.ca.key-algorithm", "portcullis.admin-token",
                "portcullis.trusted-proxies", "portcullis.kubernetes.targets", "portcullis.rate-limit.per-token.capacity",
                "portcullis.nginx.proxy-read-timeout-seconds", "portcullis.role");
        assertThat(settings.get("portcullis.crl.validity").withDefault()).contains("P7D");
        assertThat(settings.get("portcullis.ca.passphrase").withDefault()).isEmpty();
        assertThat(settings).doesNotContainKeys("portcullis.is-sidecar", "portcullis.ca", "portcullis.rate-limit");
    }

    @Test
    void everySettingIsInTheTableAndTheTableListsNoOther() {
        TreeSet<String> documented = new TreeSet<>(rows.keySet());
        documented.removeIf(p -> !p.startsWith("portcullis."));
        TreeSet<String> missing = new TreeSet<>(settings.keySet());
        missing.removeAll(documented);
        TreeSet<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(settings.keySet());
        assertThat(missing).as("settings of the config interfaces missing from " + DOC).isEmpty();
        assertThat(unknown).as("rows of " + DOC + " naming no setting of the config interfaces").isEmpty();
    }

    @Test
    void everyRowNamesTheEnvironmentVariableSmallRyeReads() {
        for (Row row : rows.values()) {
            if (row.property().contains("*")) {
                continue; // a map's variable carries its key
            }
            String expected = row.property().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
            assertThat(row.env()).as("environment variable of " + row.property()).isEqualTo("`" + expected + "`");
        }
    }

    @Test
    void theDocumentedDefaultIsTheCodesDefault() {
        for (Row row : rows.values()) {
            Optional<String> code = row.property().startsWith("portcullis.")
                    ? Optional.ofNullable(settings.get(row.property())).flatMap(Setting::withDefault)
                    : Optional.empty();
            Optional<String> actual = code.or(() -> Optional.ofNullable(properties.getProperty(row.property())));
            if (actual.isPresent()) {
                String expected = actual.get().isEmpty() ? "*(empty)*" : "`" + actual.get() + "`";
                assertThat(row.defaultCell()).as("default of " + row.property()).isEqualTo(expected);
            } else if (row.property().startsWith("portcullis.")) {
                assertThat(row.defaultCell()).as("a setting without a default in code explains its absence in italics: "
                        + row.property()).startsWith("*");
            }
        }
    }

    @Test
    void everyPortcullisKeyOfApplicationPropertiesIsASetting() {
        for (String key : properties.stringPropertyNames()) {
            String name = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
            if (name.startsWith("portcullis.")) {
                assertThat(settings).as(key + " in " + PROPERTIES).containsKey(name);
            }
        }
    }

    /** The table's rows, by property; a property listed twice fails. */
    static Map<String, Row> rows(List<String> lines) {
        Map<String, Row> found = new TreeMap<>();
        for (String line : lines) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.substring(1, line.length() - (line.endsWith("|") ? 1 : 0)).split("\\|", -1);
            assertThat(cells).as("four cells (property, variable, default, meaning) in: " + line).hasSize(4);
            String property = cells[0].strip();
            assertThat(property).as("a property in backticks: " + line).matches("`[A-Za-z0-9.*\"\\[\\]-]+`");
            property = property.substring(1, property.length() - 1);
            Row row = new Row(property, cells[1].strip(), cells[2].strip(), cells[3].strip());
            assertThat(found.put(property, row)).as(property + " is documented once").isNull();
        }
        assertThat(found).as("rows in " + DOC).isNotEmpty();
        return found;
    }

    /** Every {@code @ConfigMapping} interface compiled next to PortcullisConfig. */
    static List<Class<?>> mappings() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(PortcullisConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes.resolve("io/portcullis"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, ConfigurationDocTest.class.getClassLoader());
                if (type.isInterface() && type.isAnnotationPresent(ConfigMapping.class)) {
                    found.add(type);
                }
            }
        }
        assertThat(found).contains(PortcullisConfig.class);
        return found;
    }

    /** The settings under {@code prefix} of a mapping or group interface, nested groups included. */
    static void walk(Class<?> group, String prefix, Map<String, Setting> into) {
        for (Method method : group.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            String name = prefix;
            if (!method.isAnnotationPresent(WithParentName.class)) {
                WithName withName = method.getAnnotation(WithName.class);
                name = prefix + "." + (withName != null ? withName.value() : kebab(method.getName()));
            }
            Type type = method.getGenericReturnType();
            // Optional<X> is X that may be absent; Map<String, X> is X under any key; a List of groups is indexed
            while (true) {
                Class<?> raw = raw(type);
                if (raw == Optional.class) {
                    type = argument(type, 0);
                } else if (Map.class.isAssignableFrom(raw)) {
                    type = argument(type, 1);
                    name = name + ".*";
                } else if (Collection.class.isAssignableFrom(raw) && isGroup(raw(argument(type, 0)))) {
                    type = argument(type, 0);
                    name = name + "[*]";
                } else {
                    break;
                }
            }
            if (isGroup(raw(type))) {
                walk(raw(type), name, into);
            } else {
                WithDefault withDefault = method.getAnnotation(WithDefault.class);
                into.put(name, new Setting(name, Optional.ofNullable(withDefault).map(WithDefault::value)));
            }
        }
    }

    /** A group is an interface of this project; anything else (String, Duration, Path, List of values) is a value. */
    static boolean isGroup(Class<?> type) {
        return type.isInterface() && type.getName().startsWith("io.portcullis.");
    }

    /** SmallRye Config's default naming strategy: {@code maxPendingAnonymous} is {@code max-pending-anonymous}. */
    static String kebab(String method) {
        StringBuilder name = new StringBuilder();
        for (char c : method.toCharArray()) {
            if (Character.isUpperCase(c)) {
                name.append('-').append(Character.toLowerCase(c));
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }

    static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    static Type argument(Type type, int index) {
        Type argument = ((ParameterizedType) type).getActualTypeArguments()[index];
        // Optional<@Pattern(...) String>: the annotation is on the use, the type is plain
        return argument instanceof ParameterizedType || argument instanceof Class<?> ? argument : Object.class;
    }
}
