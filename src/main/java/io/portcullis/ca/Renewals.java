package io.portcullis.ca;

import io.portcullis.config.RenewalConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Renews certificates through the one issuance cycle: the stored CSR is parsed and verified again
 * and signed anew, so the renewal has the same subject, names and public key, a new serial and a
 * new validity, and passes today's policy. A renewal continues its device and never leaves what
 * enrolled it: only the device's newest certificate renews (a retry of a lost response within the
 * grace gets the same successor back), the lifetime stays within the device's enrolment policy,
 * and the holder renews itself only inside the renewal window and only while the issuer credential
 * it was enrolled under exists.
 */
@ApplicationScoped
public class Renewals {

    /** How long a client should wait before asking for renewal information again (RFC 9773 Retry-After). */
    public static final Duration RETRY_AFTER = Duration.ofHours(6);
    /** Width of a window meaning "renew now". */
    static final Duration NOW_WINDOW = Duration.ofHours(1);

    private final Authority authority;
    private final LifecycleStore store;
    private final DeviceStore devices;
    private final LifecyclePolicy policy;
    private final CompromisedKeys compromisedKeys;
    private final ActiveCa activeCa;
    private final Clock clock;
    private final Duration grace;

    @Inject
    public Renewals(Authority authority, LifecycleStore store, DeviceStore devices, LifecyclePolicy policy,
            CompromisedKeys compromisedKeys, ActiveCa activeCa, Clock clock, RenewalConfig config) {
        this.authority = authority;
        this.store = store;
        this.devices = devices;
        this.policy = policy;
        this.compromisedKeys = compromisedKeys;
        this.activeCa = activeCa;
        this.clock = clock;
        this.grace = config.grace();
    }

    /** When a client should renew, in the spirit of ACME ARI (RFC 9773). */
    public record Window(Instant start, Instant end) {
    }

    /**
     * A renewal's outcome.
     *
     * @param replayed true when this is the successor an earlier, identical renewal already issued
     */
    public record Renewed(CertificateRecord certificate, boolean replayed) {
    }

    /**
     * Issues the renewal of a device's newest certificate, also after it expired; never for a
     * revoked one.
     *
     * @param validity the new lifetime, or null for the renewed certificate's own lifetime (within
     *                 the device's policy)
     * @throws CaException 409 {@code alreadyRevoked}; 403 {@code unauthorized} for a superseded
     *                     certificate, a holder outside the renewal window or whose issuer is gone, and
     *                     a lifetime beyond the device's policy
     */
    @Transactional
    public Renewed renew(BigInteger serial, Duration validity, Actor actor) {
        if (validity != null && validity.compareTo(Lifetimes.MINIMUM) < 0) {
            throw new CaException(ErrorType.MALFORMED, "A certificate lives at least " + Lifetimes.MINIMUM + ".");
        }
        CertificateRecord renewed = authority.get(serial);
        policy.checkMayManage(actor, renewed);
        // the key before the device, as a keyCompromise revocation locks them: it waits for this renewal,
        // or this renewal's key check sees the key listed
        compromisedKeys.lockForIssuance(renewed.spkiSha256());
        // one renewal or revocation of a device at a time; each sees what the previous one committed
        Device device = devices.lock(renewed.deviceId())
                .orElseThrow(() -> new IllegalStateException("certificate without its device " + renewed.deviceId()));
        byte[] csr = store.lockForRenewal(serial).orElseThrow(() -> new CaException(ErrorType.NOT_FOUND,
                "No certificate with serial " + serial.toString(16) + "."));
        if (store.revocation(serial).isPresent()) {
            throw new CaException(ErrorType.ALREADY_REVOKED, "Certificate " + serial.toString(16)
                    + " is revoked; a revoked certificate is never renewed. Issue a new one from a new key.");
        }
        if (device.revoked()) {
            throw new CaException(ErrorType.ALREADY_REVOKED, "Device " + device.id() + " is revoked; none of its "
                    + "certificates is renewed. Enrol it again with a new key.");
        }
        Instant now = clock.instant();
        if (!device.currentSerial().equals(serial)) {
            return new Renewed(replay(serial, device, now), true);
        }
        boolean holder = LifecyclePolicy.HOLDER.equals(actor.role());
        if (holder) {
            checkHolderMayRenew(renewed, device, now);
        }
        Duration lifetime = lifetime(validity, renewed, device, holder);
        // the subject decided at issuance, never the stored CSR's own
        CertificateRequest request = authority.renewalRequest(csr, renewed);
        CertificateRecord renewal = authority.renew(request, lifetime, actor, device, serial);
        store.linkRenewal(renewal.serial(), serial);
        return new Renewed(renewal, false);
    }

    /**
     * A superseded certificate's renewal: the successor once more, if it is the device's newest
     * certificate and was issued within the grace (the response to the first request was lost).
     */
    private CertificateRecord replay(BigInteger serial, Device device, Instant now) {
        CertificateRecord successor = devices.successorOf(serial).map(authority::get).orElse(null);
        if (successor != null && successor.serial().equals(device.currentSerial())
                && now.isBefore(successor.issuedAt().plus(grace))) {
            return successor;
        }
        throw new CaException(ErrorType.FORBIDDEN, "Certificate " + serial.toString(16) + " has been superseded: "
                + "certificate " + device.currentSerial().toString(16) + " is device " + device.id()
                + "'s newest certificate, and only that one renews.");
    }

    private void checkHolderMayRenew(CertificateRecord renewed, Device device, Instant now) {
        if (device.credentialWithdrawn()) {
            throw new CaException(ErrorType.FORBIDDEN, "The issuer credential this device was enrolled under has been "
                    + "deleted, so the device can no longer renew itself; an administrator may renew or re-enroll it.");
        }
        Window window = window(renewed, now);
        if (now.isBefore(window.start())) {
            throw new CaException(ErrorType.FORBIDDEN, "Certificate " + renewed.serialHex()
                    + " is not yet in its renewal window, which opens at " + window.start()
                    + " (see its renewal-info); renewing earlier takes an administrator.");
        }
    }

    /**
     * The lifetime of the renewal: the one asked for, or the renewed certificate's own; never beyond
     * the device's enrolment policy, and for the holder never beyond the first certificate's
     * lifetime. An explicit request beyond that is refused; the default is capped.
     */
    private static Duration lifetime(Duration requested, CertificateRecord renewed, Device device, boolean holder) {
        Duration cap = device.maxLifetime();
        if (holder && (cap == null || device.initialLifetime().compareTo(cap) < 0)) {
            cap = device.initialLifetime();
        }
        if (requested == null) {
            Duration own = renewed.grantedLifetime();
            return cap != null && own.compareTo(cap) > 0 ? cap : own;
        }
        if (cap != null && requested.compareTo(cap) > 0) {
            throw new CaException(ErrorType.FORBIDDEN, "A lifetime of " + describe(requested) + " exceeds what this device was "
                    + "enrolled for: " + (holder ? "its own renewal gets" : "its renewals get") + " at most "
                    + describe(cap) + ".");
        }
        return requested;
    }

    private static String describe(Duration d) {
        return d.toSeconds() % 86_400 == 0 ? d.toDays() + " days" : d.toSeconds() + " seconds";
    }

    /**
     * The suggested renewal window: the last third of the lifetime, or now when the certificate was
     * revoked as superseded or was issued under a CA certificate that has since been renewed.
     */
    public Window renewalInfo(BigInteger serial) {
        return window(authority.get(serial), clock.instant());
    }

    private Window window(CertificateRecord certificate, Instant now) {
        boolean superseded = store.revocation(certificate.serial())
                .map(r -> r.reason() == RevocationReason.SUPERSEDED).orElse(false);
        Instant caRenewed = activeCa.certificate().notBefore().plus(CaBootstrap.BACKDATE);
        if (superseded || certificate.issuedAt().isBefore(caRenewed)) {
            return new Window(now, now.plus(NOW_WINDOW));
        }
        Duration lifetime = Duration.between(certificate.notBefore(), certificate.notAfter());
        return new Window(certificate.notAfter().minus(lifetime.dividedBy(3)), certificate.notAfter());
    }
}
