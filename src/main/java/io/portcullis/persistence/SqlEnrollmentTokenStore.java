package io.portcullis.persistence;

import io.portcullis.ca.Page;
import io.portcullis.ca.SubjectAltName;
import io.portcullis.enrollment.Approval;
import io.portcullis.enrollment.EnrollmentToken;
import io.portcullis.enrollment.EnrollmentTokenStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Enrollment tokens in PostgreSQL ({@code enrollment_tokens}, V2__enrollment.sql). */
@ApplicationScoped
public class SqlEnrollmentTokenStore implements EnrollmentTokenStore {

    private static final String COLUMNS = "id, common_name, subject_alt_names, validity_seconds, uses, uses_left, "
            + "approval, expires_at, created_by, created_at";
    /**
     * One statement decides and spends: under concurrent callers PostgreSQL re-checks the condition
     * on the row each one finally updates, so the last use goes to exactly one of them.
     */
    private static final String CONSUME = """
            UPDATE enrollment_tokens SET uses_left = uses_left - 1
            WHERE id = ? AND uses_left > 0 AND expires_at > ? AND deleted_at IS NULL""";

    private final Sql sql;

    @Inject
    public SqlEnrollmentTokenStore(EntityManager em) {
        this.sql = new Sql(em);
    }

    @Override
    public void insert(EnrollmentToken t, byte[] secretSha256) {
        sql.update("INSERT INTO enrollment_tokens (" + COLUMNS + ", token_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                t.id(), t.commonName(), new Sql.TextArray(t.subjectAltNames().stream().map(SubjectAltName::toString).toList()),
                t.validity() == null ? null : t.validity().toSeconds(), t.uses(), t.usesLeft(), t.approval().label(),
                t.expiresAt(), t.createdBy(),
                t.createdAt(), secretSha256);
    }

    @Override
    public Optional<EnrollmentToken> findActive(byte[] secretSha256) {
        return sql.query("SELECT " + COLUMNS + " FROM enrollment_tokens WHERE token_sha256 = ? AND deleted_at IS NULL",
                SqlEnrollmentTokenStore::map, secretSha256).stream().findFirst();
    }

    @Override
    public Optional<EnrollmentToken> findActive(String id) {
        return sql.query("SELECT " + COLUMNS + " FROM enrollment_tokens WHERE id = ? AND deleted_at IS NULL",
                SqlEnrollmentTokenStore::map, id).stream().findFirst();
    }

    @Override
    public boolean consumeUse(String id, Instant now) {
        return sql.update(CONSUME, id, now) == 1;
    }

    @Override
    public Page<EnrollmentToken> listActive(String createdBy, int page, int size) {
        String where = "deleted_at IS NULL AND (CAST(? AS TEXT) IS NULL OR created_by = ?)";
        long total = sql.count("SELECT count(*) FROM enrollment_tokens WHERE " + where, createdBy, createdBy);
        List<EnrollmentToken> items = sql.query("SELECT " + COLUMNS + " FROM enrollment_tokens WHERE " + where
                + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?", SqlEnrollmentTokenStore::map,
                createdBy, createdBy, size, (long) page * size);
        return new Page<>(items, total, page, size);
    }

    @Override
    public boolean delete(String id, Instant at) {
        return sql.update("UPDATE enrollment_tokens SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL", at, id) == 1;
    }

    @Override
    public List<String> deleteCreatedBy(List<String> creators, Instant at) {
        return sql.query("UPDATE enrollment_tokens SET deleted_at = ? WHERE created_by = ANY (?) AND deleted_at IS NULL"
                + " RETURNING id", rs -> rs.getString("id"), at, new Sql.TextArray(creators));
    }

    private static EnrollmentToken map(ResultSet rs) throws SQLException {
        return new EnrollmentToken(rs.getString("id"), rs.getString("common_name"),
                Sql.texts(rs, "subject_alt_names").stream().map(SubjectAltName::parse).toList(),
                Sql.seconds(rs, "validity_seconds"), rs.getInt("uses"), rs.getInt("uses_left"),
                Approval.fromLabel(rs.getString("approval")), Sql.instant(rs, "expires_at"),
                rs.getString("created_by"), Sql.instant(rs, "created_at"));
    }
}
