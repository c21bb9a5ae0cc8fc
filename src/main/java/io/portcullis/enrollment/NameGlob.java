package io.portcullis.enrollment;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A pattern for names an issuer may certify: {@code *} stands for one or more characters other
 * than a dot, everything else matches itself, case-insensitively. So {@code *.ci.example} matches
 * {@code runner1.ci.example} but neither {@code ci.example} nor {@code a.b.ci.example}.
 */
public record NameGlob(String glob, Pattern pattern) {

    /** Globs are names with wildcards: printable, no spaces, at most 253 characters. */
    private static final Pattern SHAPE = Pattern.compile("[\\x21-\\x7e]{1,253}");

    /** Parses a glob, or returns {@code null} if it is not one. */
    public static NameGlob parse(String glob) {
        if (glob == null || !SHAPE.matcher(glob).matches()) {
            return null;
        }
        StringBuilder regex = new StringBuilder();
        for (String literal : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append("[^.]+");
            }
            regex.append(Pattern.quote(literal.toLowerCase(Locale.ROOT)));
        }
        return new NameGlob(glob, Pattern.compile(regex.toString()));
    }

    public boolean matches(String name) {
        return pattern.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }
}
