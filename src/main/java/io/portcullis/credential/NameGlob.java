package io.portcullis.credential;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A pattern for names an issuer may certify. For DNS names ({@link #parse}) {@code *} stands for
 * one or more characters other than a dot, everything else matches itself, case-insensitively. So
 * {@code *.ci.example} matches {@code runner1.ci.example} but neither {@code ci.example} nor
 * {@code a.b.ci.example}. URI patterns ({@link #parseUri}) are case-sensitive and their {@code *}
 * never crosses a {@code /}; e-mail patterns ({@link #parseEmail}) ignore case, and their {@code *}
 * never crosses the {@code @} nor, after it, a dot.
 */
public record NameGlob(String glob, Pattern pattern, boolean ignoreCase) {

    /** Globs are names with wildcards: printable, no spaces, at most 253 characters. */
    private static final Pattern SHAPE = Pattern.compile("[\\x21-\\x7e]{1,253}");

    /** URI patterns may be as long as URI names. */
    private static final Pattern URI_SHAPE = Pattern.compile("[\\x21-\\x7e]{1,2048}");

    /** Parses a DNS glob, or returns {@code null} if it is not one. */
    public static NameGlob parse(String glob) {
        return glob == null || !SHAPE.matcher(glob).matches() ? null : compile(glob, Kind.DNS);
    }

    /** Parses a URI pattern such as {@code spiffe://prod/ns/ci/sa/*}, or returns {@code null}. */
    public static NameGlob parseUri(String glob) {
        return glob == null || !URI_SHAPE.matcher(glob).matches() || !glob.contains(":") ? null : compile(glob, Kind.URI);
    }

    /** Parses an e-mail pattern such as {@code *@ci.example}, or returns {@code null}. */
    public static NameGlob parseEmail(String glob) {
        return glob == null || !SHAPE.matcher(glob).matches() || glob.indexOf('@') < 0 ? null
                : compile(glob, Kind.EMAIL);
    }

    private enum Kind { DNS, URI, EMAIL }

    private static NameGlob compile(String glob, Kind kind) {
        boolean ignoreCase = kind != Kind.URI;
        String text = ignoreCase ? glob.toLowerCase(Locale.ROOT) : glob;
        StringBuilder regex = new StringBuilder();
        int at = text.indexOf('@');
        int offset = 0;
        for (String literal : text.split("\\*", -1)) {
            if (offset > 0) {
                regex.append(switch (kind) {
                    case DNS -> "[^.]+";
                    case URI -> "[^/]+";
                    case EMAIL -> offset - 1 > at ? "[^@.]+" : "[^@]+";
                });
            }
            regex.append(Pattern.quote(literal));
            offset += literal.length() + 1;
        }
        return new NameGlob(glob, Pattern.compile(regex.toString()), ignoreCase);
    }

    public boolean matches(String name) {
        return pattern.matcher(ignoreCase ? name.toLowerCase(Locale.ROOT) : name).matches();
    }
}
