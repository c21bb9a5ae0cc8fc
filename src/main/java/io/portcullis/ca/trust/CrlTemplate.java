package io.portcullis.ca.trust;

import java.math.BigInteger;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Everything the signer needs for one CRL. The entries are not a list: {@code entries} pushes them
 * one by one (straight from a database cursor), so a CRL of any length is never held as objects.
 *
 * @param entries feeds every entry to the consumer it is given, once
 */
public record CrlTemplate(BigInteger number, Instant thisUpdate, Instant nextUpdate, Entries entries) {

    /** A source of CRL entries that pushes them to a consumer. */
    @FunctionalInterface
    public interface Entries {
        void forEach(Consumer<RevokedEntry> consumer);
    }
}
