package io.portcullis.ca;

import java.util.Locale;

/**
 * One subject alternative name, written {@code TYPE:value} as openssl prints it
 * ({@code DNS:door.home.example}, {@code IP:192.0.2.7}, {@code email:a@b.example}, {@code URI:…}).
 */
public record SubjectAltName(Type type, String value) {

    /** The SAN kinds Portcullis copies into certificates (RFC 5280 section 4.2.1.6). */
    public enum Type {
        DNS("DNS"),
        IP("IP"),
        EMAIL("email"),
        URI("URI");

        private final String prefix;

        Type(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    /**
     * Parses {@code TYPE:value}; a bare value is a DNS name, or an IP address when it looks like one,
     * so that API clients may write the common case without a prefix.
     */
    public static SubjectAltName parse(String text) {
        int colon = text.indexOf(':');
        if (colon > 0) {
            String prefix = text.substring(0, colon);
            for (Type type : Type.values()) {
                if (type.prefix.equalsIgnoreCase(prefix)) {
                    return new SubjectAltName(type, normalise(type, text.substring(colon + 1)));
                }
            }
        }
        if (text.matches("[0-9.]+") || text.indexOf(':') >= 0 && text.matches("[0-9A-Fa-f:.]+")) {
            return new SubjectAltName(Type.IP, text);
        }
        return new SubjectAltName(Type.DNS, normalise(Type.DNS, text));
    }

    private static String normalise(Type type, String value) {
        // DNS names compare case-insensitively; store one spelling so subset checks are exact.
        return type == Type.DNS ? value.toLowerCase(Locale.ROOT) : value;
    }

    @Override
    public String toString() {
        return type.prefix + ":" + value;
    }
}
