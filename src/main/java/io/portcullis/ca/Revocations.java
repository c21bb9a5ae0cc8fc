package io.portcullis.ca;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Revokes certificates, and with each the device it belongs to: every unexpired certificate of the
 * device is revoked too, and for keyCompromise every unexpired certificate of the same public key in
 * any device. The revocations, the devices' status, the key's entry in the deny-list, the audit rows
 * and the one CRL listing them all are written in one transaction, so when the caller hears
 * "revoked" the CRL that says so is already published, OCSP agrees, and the key can no longer be
 * certified.
 */
@ApplicationScoped
public class Revocations {

    private final Authority authority;
    private final LifecycleStore store;
    private final DeviceStore devices;
    private final LifecyclePolicy policy;
    private final CrlPublisher crlPublisher;
    private final CompromisedKeys compromisedKeys;
    private final Event<RevocationRecorded> recorded;
    private final Clock clock;

    @Inject
    public Revocations(Authority authority, LifecycleStore store, DeviceStore devices, LifecyclePolicy policy,
            CrlPublisher crlPublisher, CompromisedKeys compromisedKeys, Event<RevocationRecorded> recorded, Clock clock) {
        this.authority = authority;
        this.store = store;
        this.devices = devices;
        this.policy = policy;
        this.crlPublisher = crlPublisher;
        this.compromisedKeys = compromisedKeys;
        this.recorded = recorded;
        this.clock = clock;
    }

    /**
     * The outcome: the revocation as recorded, the first CRL listing it, and everything revoked with it.
     *
     * @param certificate the certificate named, or {@code null} for a device revoked as a whole
     * @param serials     every certificate revoked, the named one first
     * @param deviceIds   every device revoked, the named one's first
     */
    public record Revoked(CertificateRecord certificate, Revocation revocation, PublishedCrl crl, List<BigInteger> serials,
            List<String> deviceIds) {
    }

    /**
     * Revokes an issued certificate, expired or not, and its device.
     *
     * @throws CaException 404 for an unknown serial, 403 when the actor may not, 409 {@code alreadyRevoked}
     */
    @Transactional
    public Revoked revoke(BigInteger serial, RevocationReason reason, Actor actor) {
        CertificateRecord certificate = authority.get(serial);
        policy.checkMayManage(actor, certificate);
        Instant now = clock.instant();
        List<Device> locked = lockDevices(certificate.deviceId(), certificate.spkiSha256(), reason);
        if (!store.revoke(serial, now, reason, actor.toString())) {
            // lost a race with another revocation, or was revoked before: either way, already revoked
            throw new CaException(ErrorType.ALREADY_REVOKED, "Certificate " + serial.toString(16) + " is already revoked.");
        }
        Set<BigInteger> serials = new LinkedHashSet<>(List.of(serial));
        Revoked revoked = revokeLineage(locked, certificate.spkiSha256(), serial, reason, actor, now, serials);
        recorded.fire(new RevocationRecorded(actor, serial.toString(16), revoked.deviceIds()));
        return new Revoked(certificate, store.revocation(serial).orElseThrow(), revoked.crl(), revoked.serials(),
                revoked.deviceIds());
    }

    /**
     * Revokes a device as a whole: every unexpired certificate of it (and for keyCompromise of its key).
     *
     * @throws CaException 404 for an unknown device, 409 {@code alreadyRevoked}
     */
    @Transactional
    public Revoked revokeDevice(String deviceId, RevocationReason reason, Actor actor) {
        Device device = devices.find(deviceId).orElseThrow(() -> new CaException(ErrorType.NOT_FOUND,
                "No device with id " + CallerText.quoted(deviceId) + "."));
        CertificateRecord current = authority.get(device.currentSerial());
        policy.checkMayManage(actor, current);
        Instant now = clock.instant();
        List<Device> locked = lockDevices(deviceId, device.spkiSha256(), reason);
        if (locked.get(0).revoked()) {
            throw new CaException(ErrorType.ALREADY_REVOKED, "Device " + deviceId + " is already revoked.");
        }
        Revoked revoked = revokeLineage(locked, device.spkiSha256(), device.currentSerial(), reason, actor, now,
                new LinkedHashSet<>());
        recorded.fire(new RevocationRecorded(actor, null, revoked.deviceIds()));
        return new Revoked(null, new Revocation(now, reason, actor.toString()), revoked.crl(), revoked.serials(),
                revoked.deviceIds());
    }

    /**
     * Locks the device, or for keyCompromise the key and then every device of it (in one ordered
     * statement), before anything is revoked: a renewal or issuance holding a lock finishes first, and
     * the statements after it see its certificate.
     */
    /** @return the locked devices, the named one first */
    private List<Device> lockDevices(String deviceId, String spkiSha256, RevocationReason reason) {
        if (reason == RevocationReason.KEY_COMPROMISE) {
            // first the key: issuances of it in flight commit before the devices of the key are read
            compromisedKeys.lockForRevocation(spkiSha256);
        }
        List<Device> locked = reason == RevocationReason.KEY_COMPROMISE ? devices.lockByKey(spkiSha256)
                : devices.lock(deviceId).map(List::of).orElse(List.of());
        List<Device> ordered = new ArrayList<>(locked.stream().filter(d -> d.id().equals(deviceId)).toList());
        if (ordered.isEmpty()) {
            throw new IllegalStateException("certificate without its device " + deviceId);
        }
        locked.stream().filter(d -> !d.id().equals(deviceId)).forEach(ordered::add);
        return ordered;
    }

    /** Revokes the locked devices' unexpired certificates, lists a compromised key, publishes the one CRL. */
    private Revoked revokeLineage(List<Device> locked, String spkiSha256, BigInteger named, RevocationReason reason,
            Actor actor, Instant now, Set<BigInteger> serials) {
        List<String> revokedDevices = new ArrayList<>();
        for (Device device : locked) {
            serials.addAll(devices.revokeCertificates(device.id(), now, reason, actor.toString()));
            if (devices.markRevoked(device.id(), now, reason)) {
                revokedDevices.add(device.id());
            }
        }
        if (reason == RevocationReason.KEY_COMPROMISE) {
            // same transaction: the key is denied the moment the revocation is, even when every one of its
            // certificates had already expired
            if (serials.isEmpty()) {
                compromisedKeys.deny(spkiSha256, named, now);
            } else {
                compromisedKeys.add(serials.iterator().next());
            }
        }
        PublishedCrl crl = crlPublisher.publish("revocation");
        return new Revoked(null, null, crl, List.copyOf(serials), revokedDevices);
    }
}
