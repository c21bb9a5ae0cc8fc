package io.portcullis.persistence;

import io.portcullis.acme.AcmeAccount;
import io.portcullis.acme.AcmeOrder;
import io.portcullis.acme.AcmeStore;
import io.portcullis.acme.EabKey;
import io.portcullis.acme.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** ACME state in PostgreSQL (V8__acme.sql). */
@ApplicationScoped
public class SqlAcmeStore implements AcmeStore {

    /** An account is deactivated by its own request or by the deletion of what its binding key was for. */
    private static final String ACCOUNT = "SELECT a.id, a.jwk, a.jwk_thumbprint, a.contact, a.eab_kid, a.created_at, "
            + "k.credential_id, k.token_id, CASE WHEN a.status = 'valid' AND (c.deleted_at IS NOT NULL "
            + "OR t.deleted_at IS NOT NULL) THEN 'deactivated' ELSE a.status END AS status FROM acme_accounts a "
            + "JOIN acme_eab_keys k ON k.kid = a.eab_kid LEFT JOIN credentials c ON c.id = k.credential_id "
            + "LEFT JOIN enrollment_tokens t ON t.id = k.token_id ";
    private static final String ORDER = "SELECT id, account_id, status, identifiers, expires_at, enrollment_order_id, "
            + "serial_number, created_at, ARRAY(SELECT z.id FROM acme_authorizations z WHERE z.order_id = o.id "
            + "ORDER BY z.identifier) AS authorizations FROM acme_orders o WHERE id = ?";

    private final Sql sql;

    @Inject
    public SqlAcmeStore(EntityManager em) {
        this.sql = new Sql(em);
    }

    @Override
    public void insertNonce(String nonce, Instant expiresAt) {
        sql.update("INSERT INTO acme_nonces (nonce, expires_at) VALUES (?, ?)", nonce, expiresAt);
    }

    @Override
    public boolean consumeNonce(String nonce, Instant now) {
        return !sql.query("DELETE FROM acme_nonces WHERE nonce = ? RETURNING expires_at", rs -> Sql.instant(rs, "expires_at"),
                nonce).stream().filter(now::isBefore).toList().isEmpty();
    }

    @Override
    public int purgeNonces(Instant now) {
        return sql.update("DELETE FROM acme_nonces WHERE expires_at <= ?", now);
    }

    @Override
    public void insertEabKey(EabKey k) {
        sql.update("INSERT INTO acme_eab_keys (kid, credential_id, token_id, hmac_key, created_by, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", k.kid(), k.credentialId(), k.tokenId(), k.encryptedKey(), k.createdBy(),
                k.createdAt());
    }

    @Override
    public Optional<EabKey> findEabKey(String kid) {
        return sql.query("SELECT * FROM acme_eab_keys WHERE kid = ?", rs -> new EabKey(rs.getString("kid"),
                rs.getString("credential_id"), rs.getString("token_id"), rs.getBytes("hmac_key"), rs.getString("created_by"),
                Sql.instant(rs, "created_at"), rs.getString("account_id")), kid).stream().findFirst();
    }

    @Override
    public boolean bindEabKey(String kid, String accountId, Instant now) {
        return sql.update("UPDATE acme_eab_keys SET account_id = ?, bound_at = ? WHERE kid = ? AND account_id IS NULL",
                accountId, now, kid) == 1;
    }

    @Override
    public void insertAccount(AcmeAccount a) {
        sql.update("INSERT INTO acme_accounts (id, jwk, jwk_thumbprint, status, contact, eab_kid, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", a.id(), a.jwk(), a.thumbprint(), a.status(), new Sql.TextArray(a.contact()),
                a.eabKid(), a.createdAt());
    }

    @Override
    public Optional<AcmeAccount> findAccount(String id) {
        return sql.query(ACCOUNT + "WHERE a.id = ?", SqlAcmeStore::account, id).stream().findFirst();
    }

    @Override
    public Optional<AcmeAccount> findAccountByThumbprint(String thumbprint) {
        return sql.query(ACCOUNT + "WHERE a.jwk_thumbprint = ?", SqlAcmeStore::account, thumbprint).stream().findFirst();
    }

    @Override
    public void updateContact(String id, List<String> contact) {
        sql.update("UPDATE acme_accounts SET contact = ? WHERE id = ?", new Sql.TextArray(contact), id);
    }

    @Override
    public void deactivate(String id) {
        sql.update("UPDATE acme_accounts SET status = 'deactivated' WHERE id = ?", id);
    }

    @Override
    public boolean changeKey(String id, String jwk, String thumbprint) {
        return sql.update("UPDATE acme_accounts SET jwk = ?, jwk_thumbprint = ? WHERE id = ? AND NOT EXISTS "
                + "(SELECT 1 FROM acme_accounts WHERE jwk_thumbprint = ?)", jwk, thumbprint, id, thumbprint) == 1;
    }

    @Override
    public void insertOrder(AcmeOrder o) {
        sql.update("INSERT INTO acme_orders (id, account_id, status, identifiers, expires_at, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", o.id(), o.accountId(), o.status(),
                new Sql.TextArray(o.identifiers().stream().map(Identifier::key).toList()), o.expiresAt(), o.createdAt());
        for (int i = 0; i < o.identifiers().size(); i++) {
            sql.update("INSERT INTO acme_authorizations (id, order_id, identifier, expires_at) VALUES (?, ?, ?, ?)",
                    o.authorizationIds().get(i), o.id(), o.identifiers().get(i).key(), o.expiresAt());
        }
    }

    @Override
    public Optional<AcmeOrder> findOrder(String id, boolean forUpdate) {
        if (forUpdate) {
            sql.query("SELECT id FROM acme_orders WHERE id = ? FOR UPDATE", rs -> rs.getString(1), id);
        }
        return sql.query(ORDER, SqlAcmeStore::order, id).stream().findFirst();
    }

    @Override
    public List<String> orderIds(String accountId) {
        return sql.query("SELECT id FROM acme_orders WHERE account_id = ? ORDER BY created_at DESC LIMIT 1000",
                rs -> rs.getString(1), accountId);
    }

    @Override
    public void markOrder(String id, String status, String enrollmentOrderId, BigInteger serial) {
        sql.update("UPDATE acme_orders SET status = ?, enrollment_order_id = COALESCE(?, enrollment_order_id), "
                + "serial_number = ? WHERE id = ?", status, enrollmentOrderId, serial == null ? null : serial.toString(16), id);
    }

    @Override
    public Optional<Authorization> findAuthorization(String id) {
        return sql.query("SELECT * FROM acme_authorizations WHERE id = ?", rs -> new Authorization(rs.getString("id"),
                rs.getString("order_id"), Identifier.fromKey(rs.getString("identifier")), Sql.instant(rs, "expires_at")), id)
                .stream().findFirst();
    }

    @Override
    public Optional<String> accountOfCertificate(BigInteger serial) {
        return sql.query("SELECT account_id FROM acme_orders WHERE serial_number = ?", rs -> rs.getString(1),
                serial.toString(16)).stream().findFirst();
    }

    private static AcmeAccount account(ResultSet rs) throws SQLException {
        return new AcmeAccount(rs.getString("id"), rs.getString("jwk"), rs.getString("jwk_thumbprint"),
                rs.getString("status"), Sql.texts(rs, "contact"), rs.getString("eab_kid"), rs.getString("credential_id"),
                rs.getString("token_id"), Sql.instant(rs, "created_at"));
    }

    private static AcmeOrder order(ResultSet rs) throws SQLException {
        String serial = rs.getString("serial_number");
        return new AcmeOrder(rs.getString("id"), rs.getString("account_id"), rs.getString("status"),
                Sql.texts(rs, "identifiers").stream().map(Identifier::fromKey).toList(), Sql.instant(rs, "expires_at"),
                rs.getString("enrollment_order_id"), serial == null ? null : new BigInteger(serial, 16),
                Sql.instant(rs, "created_at"), Sql.texts(rs, "authorizations"));
    }
}
