package io.portcullis.persistence;

import io.portcullis.audit.AuditEvent;
import io.portcullis.audit.ClientAddress;
import io.portcullis.ca.CertificateQuery;
import io.portcullis.ca.CertificateRecord;
import io.portcullis.ca.CertificateStatus;
import io.portcullis.ca.CertificateStore;
import io.portcullis.ca.IssuanceIntent;
import io.portcullis.ca.Page;
import io.portcullis.ca.SubjectAltName;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/**
 * Certificate records in PostgreSQL. The writes of the issuance cycle are {@link IssuanceRows} on
 * the caller's transaction's connection; reads go through the entity.
 */
@ApplicationScoped
public class PanacheCertificateStore implements CertificateStore {

    private final EntityManager em;
    private final ClientAddress clientAddress;
    private final Clock clock;

    @Inject
    public PanacheCertificateStore(EntityManager em, ClientAddress clientAddress, Clock clock) {
        this.em = em;
        this.clientAddress = clientAddress;
        this.clock = clock;
    }

    @Override
    public boolean reserve(IssuanceIntent intent) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(IssuanceRows.RESERVE)) {
                IssuanceRows.bindReserve(connection, insert, intent);
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void complete(IssuanceIntent intent, byte[] der, String sha256Fingerprint) {
        AuditEvent audit = IssuanceRows.audit(intent, clock.instant(), clientAddress.current().orElse(null));
        int updated = em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(IssuanceRows.COMPLETE);
                    PreparedStatement insert = connection.prepareStatement(SqlAuditStore.INSERT)) {
                IssuanceRows.bindComplete(update, intent, der, sha256Fingerprint);
                SqlAuditStore.bind(insert, audit);
                int rows = update.executeUpdate();
                if (rows == 1) {
                    IssuanceRows.writeDevice(connection, intent);
                }
                insert.executeUpdate();
                return rows;
            }
        });
        if (updated != 1) {
            throw new IllegalStateException("no pending intent for serial " + intent.serial().toString(16));
        }
    }

    @Override
    public Optional<CertificateRecord> find(BigInteger serial) {
        return CertificateEntity.<CertificateEntity>findByIdOptional(serial.toString(16))
                .filter(e -> !"pending".equals(e.status))
                .map(PanacheCertificateStore::toRecord);
    }

    @Override
    public Page<CertificateRecord> search(CertificateQuery query) {
        List<String> where = new ArrayList<>(List.of("status <> 'pending'"));
        Parameters params = new Parameters();
        if (query.status() != null) {
            switch (query.status()) {
                case REVOKED -> where.add("status = 'revoked'");
                case VALID -> where.add("status = 'valid' and notAfter > :now");
                case EXPIRED -> where.add("status = 'valid' and notAfter <= :now");
            }
            if (query.status() != CertificateStatus.REVOKED) {
                params.and("now", query.now());
            }
        }
        if (query.commonName() != null) {
            where.add("commonName = :cn");
            params.and("cn", query.commonName());
        }
        if (query.expiringWithinDays() != null) {
            where.add("status = 'valid' and notAfter > :from and notAfter <= :until");
            params.and("from", query.now()).and("until", query.now().plus(Duration.ofDays(query.expiringWithinDays())));
        }
        PanacheQuery<CertificateEntity> found = CertificateEntity.find(String.join(" and ", where),
                Sort.descending("issuedAt", "serialNumber"), params);
        List<CertificateRecord> items = found.page(query.page(), query.size()).list().stream()
                .map(PanacheCertificateStore::toRecord).toList();
        return new Page<>(items, found.count(), query.page(), query.size());
    }

    static CertificateRecord toRecord(CertificateEntity e) {
        return new CertificateRecord(new BigInteger(e.serialNumber, 16), e.subject, e.commonName,
                Arrays.stream(e.subjectAltNames).map(SubjectAltName::parse).toList(), e.notBefore, e.notAfter,
                e.keyAlgorithm, e.sha256Fingerprint, e.spkiSha256, e.certificate, e.issuedBy, e.issuedAt, e.revokedAt,
                e.renews == null ? null : new BigInteger(e.renews, 16), e.deviceId);
    }
}
