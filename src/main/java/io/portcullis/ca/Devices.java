package io.portcullis.ca;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/** Reads devices and their certificates; revocation is {@link Revocations}, renewal {@link Renewals}. */
@ApplicationScoped
public class Devices {

    /** Device ids are random UUIDs; anything else is not one, whatever it is. */
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final DeviceStore store;
    private final Authority authority;
    private final Clock clock;

    @Inject
    public Devices(DeviceStore store, Authority authority, Clock clock) {
        this.store = store;
        this.authority = authority;
        this.clock = clock;
    }

    /** A device and its certificates, newest first. */
    public record Lineage(Device device, List<CertificateRecord> certificates) {
    }

    /** The device with this id, or 404. */
    @Transactional
    public Device get(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw notFound(id);
        }
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    @Transactional
    public Lineage lineage(Device device) {
        return new Lineage(device, store.certificates(device.id()).stream().map(authority::get).toList());
    }

    /**
     * Newest first, filtered by status and a name the device carries (its common name or a SAN value).
     *
     * @param withinNames patterns (see {@link DeviceQuery}) the device's names must all match, or {@code null}
     */
    @Transactional
    public Page<Device> search(String status, String name, List<String> withinNames, int page, int size) {
        Page.checkIntOffset(page, size);
        if (name != null && (name.length() > 256 || name.chars().anyMatch(Character::isISOControl))) {
            throw new CaException(ErrorType.MALFORMED, "name must be at most 256 characters without control characters.");
        }
        DeviceStatus parsed = status == null || status.isBlank() ? null : DeviceStatus.fromLabel(status);
        return store.search(new DeviceQuery(parsed, name == null || name.isBlank() ? null : name, withinNames, page, size,
                clock.instant()));
    }

    private static CaException notFound(String id) {
        return new CaException(ErrorType.NOT_FOUND, "No device with id " + CallerText.quoted(String.valueOf(id)) + ".");
    }
}
