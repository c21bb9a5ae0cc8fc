package io.portcullis.ca;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Certificate lifetimes as requests give them: whole days ({@code validityDays}) or an ISO-8601
 * duration ({@code validity}, e.g. {@code PT8H}), never both, never shorter than {@link #MINIMUM}.
 */
public final class Lifetimes {

    /** Shorter certificates would expire before clocks, caches and CRL updates agree on them. */
    public static final Duration MINIMUM = Duration.ofMinutes(5);
    /** How far every notBefore lies in the past, so a relying party whose clock is a little behind accepts it. */
    public static final Duration BACKDATE = Duration.ofMinutes(1);

    private Lifetimes() {
    }

    /**
     * The lifetime a request asks for, or {@code null} when it names none.
     *
     * @param days      the whole-days field's value
     * @param iso       the duration field's value
     * @param daysField the whole-days field's name, for messages ({@code validityDays})
     * @param isoField  the duration field's name ({@code validity})
     * @throws CaException {@code malformed} for both fields, an unreadable or fractional duration, or
     *                     one below the minimum
     */
    public static Duration requested(Integer days, String iso, String daysField, String isoField) {
        if (days != null && iso != null) {
            throw new CaException(ErrorType.MALFORMED, "Give either " + daysField + " or " + isoField + ", not both.");
        }
        if (days != null) {
            if (days < 1) {
                throw new CaException(ErrorType.MALFORMED, daysField + " must be at least 1.");
            }
            return Duration.ofDays(days);
        }
        if (iso == null) {
            return null;
        }
        Duration duration;
        try {
            duration = Duration.parse(iso);
        } catch (DateTimeParseException e) {
            throw new CaException(ErrorType.MALFORMED,
                    isoField + " must be an ISO-8601 duration such as PT8H, PT30M or P30D.");
        }
        if (duration.getNano() != 0) {
            throw new CaException(ErrorType.MALFORMED, isoField + " must be whole seconds.");
        }
        if (duration.compareTo(MINIMUM) < 0) {
            throw new CaException(ErrorType.MALFORMED, isoField + " must be at least " + MINIMUM + " (5 minutes).");
        }
        return duration;
    }

    /** Whole days when the lifetime is whole days, else {@code null}: the {@code validityDays} of responses. */
    public static Integer wholeDays(Duration lifetime) {
        if (lifetime == null || lifetime.toSeconds() % 86_400 != 0 || lifetime.toDays() > Integer.MAX_VALUE) {
            return null;
        }
        return (int) lifetime.toDays();
    }

    /** ISO-8601 ({@code PT8H}, {@code P30D}), or {@code null}. */
    public static String iso(Duration lifetime) {
        if (lifetime == null) {
            return null;
        }
        Integer days = wholeDays(lifetime);
        return days != null ? "P" + days + "D" : lifetime.toString();
    }
}
