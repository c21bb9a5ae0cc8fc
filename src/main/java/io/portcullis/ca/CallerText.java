package io.portcullis.ca;

/**
 * A caller's string made safe to quote in a problem's detail or a log line: cut short, and with
 * anything but printable ASCII replaced, so neither control characters nor a megabyte of input
 * comes back.
 */
public final class CallerText {

    /** How much of a caller's string a detail quotes, unless it says otherwise. */
    public static final int MAX_LENGTH = 80;

    private CallerText() {
    }

    /** At most {@link #MAX_LENGTH} characters of {@code s}, then an ellipsis. */
    public static String printable(String s) {
        return printable(s, MAX_LENGTH);
    }

    /** At most {@code maxLength} characters of {@code s}, then an ellipsis. */
    public static String printable(String s, int maxLength) {
        String cut = s.length() > maxLength ? s.substring(0, maxLength) + "…" : s;
        return cut.replaceAll("[^\\x20-\\x7e…]", "?");
    }

    /** {@link #printable(String)} in single quotes. */
    public static String quoted(String s) {
        return "'" + printable(s) + "'";
    }
}
