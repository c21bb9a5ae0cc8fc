package io.portcullis.ca;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;

/**
 * Revokes certificates. The revocation, the CRL listing it and (for keyCompromise) the key's entry
 * in the deny-list are written in one transaction, so when the caller hears "revoked" the CRL that
 * says so is already published and the key can no longer be certified.
 */
@ApplicationScoped
public class Revocations {

    private final Authority authority;
    private final LifecycleStore store;
    private final LifecyclePolicy policy;
    private final CrlPublisher crlPublisher;
    private final CompromisedKeys compromisedKeys;
    private final Clock clock;

    @Inject
    public Revocations(Authority authority, LifecycleStore store, LifecyclePolicy policy, CrlPublisher crlPublisher,
            CompromisedKeys compromisedKeys, Clock clock) {
        this.authority = authority;
        this.store = store;
        this.policy = policy;
        this.crlPublisher = crlPublisher;
        this.compromisedKeys = compromisedKeys;
        this.clock = clock;
    }

    /** The outcome: the revocation as recorded and the first CRL listing it. */
    public record Revoked(CertificateRecord certificate, Revocation revocation, PublishedCrl crl) {
    }

    /**
     * Revokes an issued certificate, expired or not.
     *
     * @throws CaException 404 for an unknown serial, 403 when the actor may not, 409 {@code alreadyRevoked}
     */
    @Transactional
    public Revoked revoke(BigInteger serial, RevocationReason reason, Actor actor) {
        CertificateRecord certificate = authority.get(serial);
        policy.checkMayManage(actor, certificate);
        Instant now = clock.instant();
        if (!store.revoke(serial, now, reason, actor.toString())) {
            // lost a race with another revocation, or was revoked before: either way, already revoked
            throw new CaException(ErrorType.ALREADY_REVOKED, "Certificate " + serial.toString(16) + " is already revoked.");
        }
        if (reason == RevocationReason.KEY_COMPROMISE) {
            compromisedKeys.add(serial); // same transaction: the key is denied the moment the revocation is
        }
        PublishedCrl crl = crlPublisher.publish("revocation");
        return new Revoked(certificate, store.revocation(serial).orElseThrow(), crl);
    }
}
