package io.portcullis.persistence;

import io.portcullis.ca.CertificateQuery;
import io.portcullis.ca.CertificateRecord;
import io.portcullis.ca.CertificateStatus;
import io.portcullis.ca.CertificateStore;
import io.portcullis.ca.Page;
import io.portcullis.ca.SubjectAltName;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Certificate records in PostgreSQL, read through the entity; the issuance cycle writes them
 * through {@link TransactionalLedger} or {@link GroupCommitLedger}.
 */
@ApplicationScoped
public class PanacheCertificateStore implements CertificateStore {

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
