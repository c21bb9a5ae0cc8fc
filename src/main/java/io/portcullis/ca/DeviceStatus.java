package io.portcullis.ca;

import java.util.Locale;

/**
 * A device's status as the API reports it: {@code active} while its newest certificate is valid,
 * {@code expired} once that has expired (derived from the clock), {@code revoked} for good.
 */
public enum DeviceStatus implements Labelled {
    ACTIVE,
    EXPIRED,
    REVOKED;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code active}, {@code expired} or {@code revoked}. */
    public static DeviceStatus fromLabel(String label) {
        return Labelled.find(DeviceStatus.class, label)
                .orElseThrow(() -> new CaException(ErrorType.MALFORMED, "status must be one of active, expired, revoked."));
    }
}
