package io.portcullis.ca;

import java.math.BigInteger;
import java.util.UUID;

/**
 * The device a certificate about to be issued belongs to: a new one, enrolled by this issuance, or
 * an existing one that this issuance renews.
 *
 * @param deviceId    the device's id
 * @param predecessor the device's current certificate this one supersedes, or {@code null} for a new device
 * @param enrolment   what enrols a new device, or {@code null} for a renewal
 */
public record DeviceLink(String deviceId, BigInteger predecessor, Enrolment enrolment) {

    /** A new device, with a random id (122 random bits). */
    public static DeviceLink enrol(Enrolment enrolment) {
        return new DeviceLink(UUID.randomUUID().toString(), null, enrolment);
    }

    public static DeviceLink renewal(String deviceId, BigInteger predecessor) {
        return new DeviceLink(deviceId, predecessor, null);
    }

    public boolean isNew() {
        return predecessor == null;
    }
}
