package io.portcullis.ca;

import io.portcullis.config.CrlConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Publishes CRLs. Generation is serialised across replicas by a database lock taken before the
 * number is chosen, so numbers strictly increase and every CRL lists every revocation committed
 * before it; the CRL is stored in the caller's transaction (a revocation and its CRL commit
 * together).
 */
@ApplicationScoped
public class CrlPublisher {

    private static final Logger LOG = Logger.getLogger(CrlPublisher.class);

    private final CrlStore store;
    private final CrlSigner signer;
    private final PublishedTrustMaterial trustMaterial;
    private final Event<TrustMaterialChanged> changed;
    private final Clock clock;
    private final Duration validity;

    @Inject
    public CrlPublisher(CrlStore store, CrlSigner signer, PublishedTrustMaterial trustMaterial,
            Event<TrustMaterialChanged> changed, Clock clock, CrlConfig config) {
        this.store = store;
        this.signer = signer;
        this.trustMaterial = trustMaterial;
        this.changed = changed;
        this.clock = clock;
        this.validity = CrlValidity.parse(config.validity());
    }

    /** Signs and stores a new CRL with every current revocation, in the caller's transaction if any. */
    @Transactional
    public PublishedCrl publish(String reason) {
        store.lockForPublication();
        Optional<CrlStore.Header> previous = store.newestHeader();
        BigInteger number = previous.map(p -> p.number().add(BigInteger.ONE)).orElse(BigInteger.ONE);
        // CRL times have one-second resolution; truncating keeps Last-Modified and thisUpdate equal
        Instant thisUpdate = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant nextUpdate = thisUpdate.plus(validity);
        Instant expiredAfter = previous.map(CrlStore.Header::thisUpdate).orElse(Instant.EPOCH);
        long started = System.nanoTime();
        CrlSigner.SignedCrl signed = signer.signCrl(new CrlTemplate(number, thisUpdate, nextUpdate,
                consumer -> store.forEachRevoked(expiredAfter, consumer)));
        // the benchmark (src/bench) reads the build time from this line
        LOG.infof("CRL %s with %d entries (%d octets) built in %d ms", number, signed.entries(), signed.der().length,
                (System.nanoTime() - started) / 1_000_000);
        PublishedCrl crl = new PublishedCrl(number, thisUpdate, nextUpdate, signed.der());
        store.insert(crl, signed.entries(), reason);
        trustMaterial.offer(crl);
        changed.fire(new TrustMaterialChanged(reason));
        return crl;
    }

    /**
     * Publishes a fresh CRL when none exists or half of the newest one's validity has passed, even
     * if nothing was revoked: a CRL past its nextUpdate makes nginx refuse every client.
     */
    @Transactional
    public Optional<PublishedCrl> refreshIfDue() {
        if (!isDue(store.newestHeader())) {
            return Optional.empty();
        }
        store.lockForPublication();
        if (!isDue(store.newestHeader())) {
            return Optional.empty(); // another replica refreshed while this one waited for the lock
        }
        return Optional.of(publish(store.newestHeader().isEmpty() ? "crl-initial" : "crl-refresh"));
    }

    private boolean isDue(Optional<CrlStore.Header> newest) {
        if (newest.isEmpty()) {
            return true;
        }
        CrlStore.Header h = newest.get();
        Instant halfLife = h.thisUpdate().plus(Duration.between(h.thisUpdate(), h.nextUpdate()).dividedBy(2));
        return !clock.instant().isBefore(halfLife);
    }
}
