package io.portcullis.ca;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Renews certificates through the one issuance cycle ({@link Authority#issue}): the stored CSR is
 * parsed and verified again and signed anew, so the renewal has the same subject, names and
 * public key, a new serial and a new validity, and passes today's policy.
 */
@ApplicationScoped
public class Renewals {

    /** How long a client should wait before asking for renewal information again (RFC 9773 Retry-After). */
    public static final Duration RETRY_AFTER = Duration.ofHours(6);
    /** Width of a window meaning "renew now". */
    static final Duration NOW_WINDOW = Duration.ofHours(1);

    private final Authority authority;
    private final LifecycleStore store;
    private final LifecyclePolicy policy;
    private final ActiveCa activeCa;
    private final Clock clock;

    @Inject
    public Renewals(Authority authority, LifecycleStore store, LifecyclePolicy policy, ActiveCa activeCa, Clock clock) {
        this.authority = authority;
        this.store = store;
        this.policy = policy;
        this.activeCa = activeCa;
        this.clock = clock;
    }

    /** When a client should renew, in the spirit of ACME ARI (RFC 9773). */
    public record Window(Instant start, Instant end) {
    }

    /**
     * Issues the renewal of a certificate, also after it expired; never for a revoked one.
     *
     * @param validity the new lifetime, or null for the renewed certificate's own lifetime
     */
    @Transactional
    public CertificateRecord renew(BigInteger serial, Duration validity, Actor actor) {
        CertificateRecord renewed = authority.get(serial);
        policy.checkMayManage(actor, renewed);
        byte[] csr = store.lockForRenewal(serial).orElseThrow(() -> new CaException(ErrorType.NOT_FOUND,
                "No certificate with serial " + serial.toString(16) + "."));
        if (store.revocation(serial).isPresent()) {
            throw new CaException(ErrorType.ALREADY_REVOKED, "Certificate " + serial.toString(16)
                    + " is revoked; a revoked certificate is never renewed. Issue a new one from a new key.");
        }
        CertificateRequest request = authority.renewalRequest(csr, renewed);
        CertificateRecord renewal = authority.issue(request, validity != null ? validity : lifetime(renewed), actor);
        store.linkRenewal(renewal.serial(), serial);
        return renewal.renewing(serial);
    }

    /**
     * The suggested renewal window: the last third of the lifetime, or now when the certificate was
     * revoked as superseded or was issued under a CA certificate that has since been renewed.
     */
    public Window renewalInfo(BigInteger serial) {
        CertificateRecord certificate = authority.get(serial);
        Instant now = clock.instant();
        boolean superseded = store.revocation(serial).map(r -> r.reason() == RevocationReason.SUPERSEDED).orElse(false);
        Instant caRenewed = activeCa.certificate().notBefore().plus(CaBootstrap.BACKDATE);
        if (superseded || certificate.issuedAt().isBefore(caRenewed)) {
            return new Window(now, now.plus(NOW_WINDOW));
        }
        Duration lifetime = Duration.between(certificate.notBefore(), certificate.notAfter());
        return new Window(certificate.notAfter().minus(lifetime.dividedBy(3)), certificate.notAfter());
    }

    /** The lifetime the certificate was given, without the backdating that every leaf gets on top. */
    private static Duration lifetime(CertificateRecord certificate) {
        Duration lifetime = Duration.between(certificate.notBefore(), certificate.notAfter()).minus(IssuancePolicy.BACKDATE);
        return lifetime.compareTo(Lifetimes.MINIMUM) < 0 ? Lifetimes.MINIMUM : lifetime;
    }
}
