package io.portcullis.ca;

import io.portcullis.audit.AuditAction;
import io.portcullis.audit.AuditTrail;
import io.portcullis.config.CaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Renews the CA certificate as the openssl recipe does, by signing the same subject and key again
 * with a new validity. Previous CA certificates stay in the bundle until they expire, so relying
 * parties holding either accept every leaf.
 */
@ApplicationScoped
public class CaRenewal {

    private static final Logger LOG = Logger.getLogger(CaRenewal.class);

    private final CaStore store;
    private final CaKeys keys;
    private final ActiveCa activeCa;
    private final PublishedTrustMaterial trustMaterial;
    private final CrlPublisher crlPublisher;
    private final LifecyclePolicy policy;
    private final TransactionSynchronizationRegistry synchronizations;
    private final AuditTrail audit;
    private final Clock clock;
    private final int validityDays;

    @Inject
    public CaRenewal(CaStore store, CaKeys keys, ActiveCa activeCa, PublishedTrustMaterial trustMaterial,
            CrlPublisher crlPublisher, LifecyclePolicy policy, TransactionSynchronizationRegistry synchronizations,
            AuditTrail audit, Clock clock, CaConfig config) {
        this.store = store;
        this.keys = keys;
        this.activeCa = activeCa;
        this.trustMaterial = trustMaterial;
        this.crlPublisher = crlPublisher;
        this.policy = policy;
        this.synchronizations = synchronizations;
        this.audit = audit;
        this.clock = clock;
        this.validityDays = config.validityDays();
    }

    /**
     * Stores a renewed CA certificate and publishes a CRL; this process signs with the new
     * certificate once the transaction commits, other replicas at their next CRL check.
     */
    @Transactional
    public CaCertificate renew(Actor actor) {
        policy.checkMayRenewCa(actor);
        store.lockForBootstrap();
        CaStore.StoredCa stored = store.findCurrent().orElseThrow(
                () -> new CaException(ErrorType.UNAVAILABLE, "The certificate authority is not loaded yet."));
        ActiveCa.Material material = activeCa.require();
        Instant now = clock.instant();
        CaCertificate renewed = keys.renew(material, now.minus(CaBootstrap.BACKDATE), now.plus(Duration.ofDays(validityDays)));
        store.insert(new CaStore.StoredCa(renewed.der(), stored.encryptedKey(), stored.keyAlgorithm()), renewed);
        trustMaterial.offerCaCertificates(trustMaterial.loadCaCertificates());
        synchronizations.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    activeCa.activate(renewed, material.privateKey());
                }
            }
        });
        crlPublisher.publish("ca-renewal");
        audit.record(actor, AuditAction.CA_RENEWED, renewed.serialHex());
        LOG.infof("Renewed CA %s: serial %s, valid until %s (by %s)", renewed.subject(), renewed.serialHex(),
                renewed.notAfter(), actor);
        return renewed;
    }

    /** Switches to a CA certificate another replica stored, if it is newer and for the same key. */
    @Transactional
    public void adoptRenewedCertificate() {
        ActiveCa.Material material = activeCa.require();
        Optional<CaStore.StoredCa> stored = store.findCurrent();
        if (stored.isEmpty() || Arrays.equals(stored.get().certificateDer(), material.certificate().der())) {
            return;
        }
        CaCertificate newest = keys.parse(stored.get().certificateDer(), stored.get().keyAlgorithm());
        if (newest.notBefore().isAfter(material.certificate().notBefore())
                && newest.certificate().getPublicKey().equals(material.certificate().certificate().getPublicKey())) {
            activeCa.activate(newest, material.privateKey());
            LOG.infof("Adopted the renewed CA certificate %s (valid until %s)", newest.serialHex(), newest.notAfter());
        }
    }
}
