package io.portcullis.ca.lifecycle;

import io.portcullis.ca.DeviceStatus;
import java.time.Instant;
import java.util.List;

/**
 * A page of devices, newest first.
 *
 * @param name          a common name or SAN value the device must carry, or {@code null}
 * @param withinNames   regular expressions (PostgreSQL, case-insensitive) every name of the device
 *                      must match one of, or {@code null} for no restriction
 */
public record DeviceQuery(DeviceStatus status, String name, List<String> withinNames, int page, int size, Instant now) {
}
