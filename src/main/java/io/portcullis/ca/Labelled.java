package io.portcullis.ca;

import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An enum constant with the label it is written as in the API, the configuration or a table. Each
 * enum keeps its own {@code fromLabel}, which says what an unknown label means there (nothing, a
 * default, or which error); the look-up itself is here.
 */
public interface Labelled {

    /** How the constant is written outside Java. */
    String label();

    /** The constant of {@code type} labelled exactly {@code label}; empty for {@code null} or an unknown label. */
    static <E extends Enum<E> & Labelled> Optional<E> find(Class<E> type, String label) {
        return Stream.of(type.getEnumConstants()).filter(c -> c.label().equals(label)).findFirst();
    }

    /** The labels of {@code type} in declaration order, comma-separated, for error messages. */
    static <E extends Enum<E> & Labelled> String labels(Class<E> type) {
        return Stream.of(type.getEnumConstants()).map(Labelled::label).collect(Collectors.joining(", "));
    }
}
