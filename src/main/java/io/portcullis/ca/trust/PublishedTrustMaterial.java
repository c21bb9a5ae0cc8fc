package io.portcullis.ca.trust;

import io.portcullis.ca.CaCertificate;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.TrustMaterialChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The trust material relying parties need, served from memory: the newest CRL and the CA bundle.
 * A publication in this process becomes visible the moment its transaction commits; what other
 * replicas published is picked up by {@link #syncFromDatabase()}, which the CRL schedule and the
 * CRL endpoint call.
 */
@ApplicationScoped
public class PublishedTrustMaterial implements TrustMaterial {

    private final CrlStore crlStore;
    private final CaStore caStore;
    private final CaKeys caKeys;
    private final TransactionManager transactions;
    private final Event<TrustMaterialChanged> changed;
    private final Clock clock;

    private final CommittedValue<PublishedCrl> crl = new CommittedValue<>(Comparator.comparing(PublishedCrl::number));
    /** Every CA certificate ever stored, newest first; the bundle filters out expired ones. */
    private final CommittedValue<List<CaCertificate>> caCertificates =
            new CommittedValue<>(Comparator.comparing((List<CaCertificate> l) -> l.size())
                    .thenComparing(l -> l.get(0).notBefore()));

    @Inject
    public PublishedTrustMaterial(CrlStore crlStore, CaStore caStore, CaKeys caKeys, TransactionManager transactions,
            Event<TrustMaterialChanged> changed, Clock clock) {
        this.crlStore = crlStore;
        this.caStore = caStore;
        this.caKeys = caKeys;
        this.transactions = transactions;
        this.changed = changed;
        this.clock = clock;
    }

    @Override
    public String caBundlePem() {
        Instant now = clock.instant();
        List<CaCertificate> all = caCertificates.get();
        if (all == null) {
            throw new CaException(ErrorType.UNAVAILABLE, "The certificate authority is not loaded yet.");
        }
        return all.stream().filter(c -> now.isBefore(c.notAfter())).map(CaCertificate::pem).collect(Collectors.joining());
    }

    @Override
    public Optional<PublishedCrl> currentCrl() {
        return Optional.ofNullable(crl.get());
    }

    /** A CRL stored in the current transaction, visible once that commits. */
    void offer(PublishedCrl published) {
        crl.offer(published, currentTransaction());
    }

    /** The CA certificates as stored in the current transaction, visible once that commits. */
    void offerCaCertificates(List<CaCertificate> certificates) {
        caCertificates.offer(List.copyOf(certificates), currentTransaction());
    }

    /**
     * Adopts what the database holds when it is newer than what this process knows (another replica
     * published a CRL or renewed the CA), and tells observers about it.
     *
     * @return true if anything changed
     */
    @Transactional
    public boolean syncFromDatabase() {
        boolean news = false;
        Optional<CrlStore.Header> header = crlStore.newestHeader();
        PublishedCrl known = crl.get();
        if (header.isPresent() && (known == null || header.get().number().compareTo(known.number()) > 0)) {
            crlStore.newest().ifPresent(crl::set);
            news = true;
        }
        List<CaCertificate> stored = loadCaCertificates();
        List<CaCertificate> knownCas = caCertificates.get();
        if (!stored.isEmpty() && (knownCas == null || !stored.get(0).sha256Fingerprint().equals(knownCas.get(0).sha256Fingerprint())
                || stored.size() != knownCas.size())) {
            caCertificates.set(stored);
            news = true;
        }
        if (news) {
            changed.fire(new TrustMaterialChanged("sync"));
        }
        return news;
    }

    /** Every stored CA certificate, newest first. */
    List<CaCertificate> loadCaCertificates() {
        return caStore.findAll().stream().map(s -> caKeys.parse(s.certificateDer(), s.keyAlgorithm())).toList();
    }

    private Transaction currentTransaction() {
        try {
            Transaction tx = transactions.getTransaction();
            if (tx == null) {
                throw new IllegalStateException("trust material is only published inside a transaction");
            }
            return tx;
        } catch (SystemException e) {
            throw new IllegalStateException("no transaction status", e);
        }
    }
}
