package io.portcullis.ca;

import java.util.Locale;

/**
 * A device's status as the API reports it: {@code active} while its newest certificate is valid,
 * {@code expired} once that has expired (derived from the clock), {@code revoked} for good.
 */
public enum DeviceStatus {
    ACTIVE,
    EXPIRED,
    REVOKED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code active}, {@code expired} or {@code revoked}. */
    public static DeviceStatus fromLabel(String label) {
        for (DeviceStatus s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new CaException(ErrorType.MALFORMED, "status must be one of active, expired, revoked.");
    }
}
