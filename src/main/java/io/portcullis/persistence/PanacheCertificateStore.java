package io.portcullis.persistence;

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
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/**
 * Certificate records in PostgreSQL. The two writes of the issuance cycle are plain SQL on the
 * transaction's connection: {@code INSERT … ON CONFLICT DO NOTHING} reserves a serial without
 * poisoning the transaction on a collision, and neither write needs an entity in memory.
 */
@ApplicationScoped
public class PanacheCertificateStore implements CertificateStore {

    private static final String RESERVE = """
            INSERT INTO certificates (serial_number, status, subject, common_name, subject_alt_names, not_before,
                not_after, key_algorithm, spki_sha256, csr, issued_by, issued_at)
            VALUES (?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (serial_number) DO NOTHING""";
    private static final String COMPLETE = """
            UPDATE certificates SET status = 'valid', certificate = ?, sha256_fingerprint = ?
            WHERE serial_number = ? AND status = 'pending'""";

    private final EntityManager em;

    @Inject
    public PanacheCertificateStore(EntityManager em) {
        this.em = em;
    }

    @Override
    public boolean reserve(IssuanceIntent intent) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(RESERVE)) {
                insert.setString(1, intent.serial().toString(16));
                insert.setString(2, intent.subject());
                insert.setString(3, intent.commonName());
                insert.setArray(4, connection.createArrayOf("text", intent.subjectAltNames().stream()
                        .map(SubjectAltName::toString).toArray()));
                insert.setTimestamp(5, Timestamp.from(intent.notBefore()));
                insert.setTimestamp(6, Timestamp.from(intent.notAfter()));
                insert.setString(7, intent.keyAlgorithm());
                insert.setString(8, intent.spkiSha256());
                insert.setBytes(9, intent.csrDer());
                insert.setString(10, intent.issuedBy().toString());
                insert.setTimestamp(11, Timestamp.from(intent.issuedAt()));
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void complete(BigInteger serial, byte[] der, String sha256Fingerprint) {
        int updated = em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(COMPLETE)) {
                update.setBytes(1, der);
                update.setString(2, sha256Fingerprint);
                update.setString(3, serial.toString(16));
                return update.executeUpdate();
            }
        });
        if (updated != 1) {
            throw new IllegalStateException("no pending intent for serial " + serial.toString(16));
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
                e.keyAlgorithm, e.sha256Fingerprint, e.spkiSha256, e.certificate, e.issuedBy, e.issuedAt, e.revokedAt);
    }
}
