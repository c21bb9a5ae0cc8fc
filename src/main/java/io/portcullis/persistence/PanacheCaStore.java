package io.portcullis.persistence;

import io.portcullis.ca.CaCertificate;
import io.portcullis.ca.trust.CaStore;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** CA certificates and their encrypted keys in PostgreSQL. */
@ApplicationScoped
public class PanacheCaStore implements CaStore {

    /** Arbitrary constant naming the bootstrap lock among PostgreSQL advisory locks. */
    static final long BOOTSTRAP_LOCK = 0x504f5254_0001L;

    private final EntityManager em;

    @Inject
    public PanacheCaStore(EntityManager em) {
        this.em = em;
    }

    @Override
    public void lockForBootstrap() {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(" + BOOTSTRAP_LOCK + ")").getSingleResult();
    }

    @Override
    public Optional<StoredCa> findCurrent() {
        return CaCertificateEntity.<CaCertificateEntity>findAll(Sort.descending("id")).firstResultOptional()
                .map(PanacheCaStore::toStored);
    }

    @Override
    public List<StoredCa> findAll() {
        return CaCertificateEntity.<CaCertificateEntity>findAll(Sort.descending("id")).list().stream()
                .map(PanacheCaStore::toStored).toList();
    }

    @Override
    public void insert(StoredCa ca, CaCertificate certificate) {
        CaCertificateEntity e = new CaCertificateEntity();
        e.serialNumber = certificate.serialHex();
        e.subject = certificate.subject();
        e.keyAlgorithm = ca.keyAlgorithm();
        e.sha256Fingerprint = certificate.sha256Fingerprint();
        e.notBefore = certificate.notBefore();
        e.notAfter = certificate.notAfter();
        e.certificate = ca.certificateDer();
        e.encryptedKey = ca.encryptedKey();
        e.createdAt = Instant.now();
        e.persist();
    }

    private static StoredCa toStored(CaCertificateEntity e) {
        return new StoredCa(e.certificate, e.encryptedKey, e.keyAlgorithm);
    }
}
