package io.portcullis.persistence;

import io.portcullis.credential.Credential;
import io.portcullis.credential.CredentialRole;
import io.portcullis.credential.CredentialStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Credentials in PostgreSQL ({@code credentials}, V2__enrollment.sql, V6__name_permissions.sql). */
@ApplicationScoped
public class SqlCredentialStore implements CredentialStore {

    private static final String COLUMNS = "id, name, role, allowed_names, allowed_ips, allowed_uris, allowed_emails, "
            + "max_validity_seconds, created_by, created_at";

    private final Sql sql;

    @Inject
    public SqlCredentialStore(EntityManager em) {
        this.sql = new Sql(em);
    }

    @Override
    public void insert(Credential c, byte[] tokenSha256) {
        sql.update("INSERT INTO credentials (" + COLUMNS + ", token_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                c.id(), c.name(), c.role().label(), new Sql.TextArray(c.allowedNames()), new Sql.TextArray(c.allowedIps()),
                new Sql.TextArray(c.allowedUris()), new Sql.TextArray(c.allowedEmails()),
                c.maxValidity() == null ? null : c.maxValidity().toSeconds(), c.createdBy(), c.createdAt(), tokenSha256);
    }

    @Override
    public Optional<Credential> findActive(byte[] tokenSha256) {
        return sql.query("SELECT " + COLUMNS + " FROM credentials WHERE token_sha256 = ? AND deleted_at IS NULL",
                SqlCredentialStore::map, tokenSha256).stream().findFirst();
    }

    @Override
    public List<Credential> listActive() {
        return sql.query("SELECT " + COLUMNS + " FROM credentials WHERE deleted_at IS NULL ORDER BY created_at DESC, id",
                SqlCredentialStore::map);
    }

    @Override
    public boolean delete(String id, Instant at) {
        return sql.update("UPDATE credentials SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL", at, id) == 1;
    }

    private static Credential map(ResultSet rs) throws SQLException {
        return new Credential(rs.getString("id"), rs.getString("name"), CredentialRole.fromLabel(rs.getString("role")),
                Sql.texts(rs, "allowed_names"), Sql.texts(rs, "allowed_ips"), Sql.texts(rs, "allowed_uris"),
                Sql.texts(rs, "allowed_emails"), Sql.seconds(rs, "max_validity_seconds"), rs.getString("created_by"),
                Sql.instant(rs, "created_at"));
    }
}
