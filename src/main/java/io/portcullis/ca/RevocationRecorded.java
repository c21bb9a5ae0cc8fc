package io.portcullis.ca;

import java.util.List;

/**
 * CDI event for a revocation, fired inside the revoking transaction so that observers writing
 * audit rows commit or roll back with it.
 *
 * @param serial    the certificate named, or {@code null} when a device was revoked as a whole
 * @param deviceIds the devices revoked with it
 */
public record RevocationRecorded(Actor actor, String serial, List<String> deviceIds) {

    public RevocationRecorded {
        deviceIds = List.copyOf(deviceIds);
    }
}
