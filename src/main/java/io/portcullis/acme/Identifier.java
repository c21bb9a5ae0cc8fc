package io.portcullis.acme;

import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.SubjectAltName;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An ACME identifier (RFC 8555 section 9.7.7 {@code dns}, RFC 8738 {@code ip}) in one canonical
 * spelling: DNS names in lower case without a trailing dot, addresses as the JDK prints them.
 */
public record Identifier(String type, String value) {

    public static final String DNS = "dns";
    public static final String IP = "ip";
    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    /**
     * Parses what a client asked for.
     *
     * @throws CaException {@code rejectedIdentifier} for wildcards and unknown types, {@code malformed} for bad syntax
     */
    public static Identifier of(String type, String value) {
        if (type == null || value == null) {
            throw new CaException(ErrorType.MALFORMED, "An identifier needs a type and a value.");
        }
        if (DNS.equals(type)) {
            String name = value.toLowerCase(Locale.ROOT);
            name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
            if (name.startsWith("*.")) {
                throw new CaException(ErrorType.REJECTED_IDENTIFIER,
                        "Wildcard identifiers are not issued: a client certificate names one device.");
            }
            if (!DNS_NAME.matcher(name).matches()) {
                throw new CaException(ErrorType.MALFORMED, "The dns identifier is not a host name.");
            }
            return new Identifier(DNS, name);
        }
        if (IP.equals(type)) {
            String canonical = canonicalIp(value);
            if (canonical == null) {
                throw new CaException(ErrorType.MALFORMED, "The ip identifier is not an IPv4 or IPv6 address.");
            }
            return new Identifier(IP, canonical);
        }
        throw new CaException(ErrorType.REJECTED_IDENTIFIER, "Only dns and ip identifiers are supported.");
    }

    /** The identifier a certificate's DNS or IP name stands for, or {@code null} for other kinds. */
    public static Identifier of(SubjectAltName san) {
        return switch (san.type()) {
            case DNS -> of(DNS, san.value());
            case IP -> of(IP, san.value());
            default -> null;
        };
    }

    /** The identifier of a DNS or IP name, or {@code null} for other kinds or names that are no identifier. */
    public static Identifier ofOrNull(SubjectAltName san) {
        try {
            return of(san);
        } catch (CaException e) {
            return null;
        }
    }

    /** The stored spelling, {@code dns:name} or {@code ip:address}. */
    public String key() {
        return type + ":" + value;
    }

    public static Identifier fromKey(String key) {
        int colon = key.indexOf(':');
        return new Identifier(key.substring(0, colon), key.substring(colon + 1));
    }

    /** The subject alternative name that carries this identifier. */
    public SubjectAltName san() {
        return SubjectAltName.parse((DNS.equals(type) ? "DNS:" : "IP:") + value);
    }

    private static String canonicalIp(String literal) {
        if (!IP_LITERAL.matcher(literal).matches() || literal.indexOf(':') < 0 && !literal.matches("[0-9.]+")) {
            return null; // never let a name reach a resolver
        }
        try {
            return InetAddress.getByName(literal).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
