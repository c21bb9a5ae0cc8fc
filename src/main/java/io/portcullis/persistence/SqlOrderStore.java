package io.portcullis.persistence;

import io.portcullis.ca.Page;
import io.portcullis.ca.SubjectAltName;
import io.portcullis.enrollment.Order;
import io.portcullis.enrollment.OrderStatus;
import io.portcullis.enrollment.OrderStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Orders in PostgreSQL ({@code orders}, V2__enrollment.sql). */
@ApplicationScoped
public class SqlOrderStore implements OrderStore {

    private static final String COLUMNS = "id, token_id, status, common_name, subject_alt_names, csr, validity_seconds, "
            + "serial_number, created_by, created_at, expires_at, decided_by, decided_at, invalid_reason, rejection_reason";
    /** A listing shows no CSR, so a page of orders reads none (an empty one stands in for it). */
    private static final String LISTED_COLUMNS = COLUMNS.replace(", csr,", ", ''::bytea AS csr,");

    /** Arbitrary constant naming the lock that serialises counting pending orders among PostgreSQL advisory locks. */
    static final long PENDING_LOCK = 0x504f5254_0010L;

    private final Sql sql;

    @Inject
    public SqlOrderStore(EntityManager em) {
        this.sql = new Sql(em);
    }

    @Override
    public void insert(Order o) {
        sql.update("INSERT INTO orders (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                o.id(), o.tokenId(), o.status().label(), o.commonName(),
                new Sql.TextArray(o.subjectAltNames().stream().map(SubjectAltName::toString).toList()), o.csr(),
                o.validity() == null ? null : o.validity().toSeconds(),
                o.serial() == null ? null : o.serial().toString(16), o.createdBy(), o.createdAt(),
                o.expiresAt(), o.decidedBy(), o.decidedAt(), o.invalidReason(), o.rejectionReason());
    }

    @Override
    public Optional<Order> find(String id) {
        return sql.query("SELECT " + COLUMNS + " FROM orders WHERE id = ?", SqlOrderStore::map, id).stream().findFirst();
    }

    @Override
    public Optional<Order> findForUpdate(String id) {
        return sql.query("SELECT " + COLUMNS + " FROM orders WHERE id = ? FOR UPDATE", SqlOrderStore::map, id)
                .stream().findFirst();
    }

    @Override
    public void markValid(String id, BigInteger serial, String decidedBy, Instant at) {
        requireOne(sql.update("UPDATE orders SET status = 'valid', serial_number = ?, decided_by = ?, decided_at = ? "
                + "WHERE id = ? AND status = 'pending'", serial.toString(16), decidedBy, at, id), id);
    }

    @Override
    public void markRejected(String id, String reason, String decidedBy, Instant at) {
        requireOne(sql.update("UPDATE orders SET status = 'invalid', invalid_reason = 'rejected', rejection_reason = ?, "
                + "decided_by = ?, decided_at = ? WHERE id = ? AND status = 'pending'", reason, decidedBy, at, id), id);
    }

    @Override
    public List<String> expirePending(Instant now) {
        return sql.query("UPDATE orders SET status = 'invalid', invalid_reason = 'expired' "
                + "WHERE status = 'pending' AND expires_at <= ? RETURNING id", rs -> rs.getString(1), now);
    }

    @Override
    public long lockAndCountPending(String createdBy, Instant now) {
        sql.query("SELECT pg_advisory_xact_lock(" + PENDING_LOCK + ")", rs -> 1);
        return sql.count("SELECT count(*) FROM orders WHERE status = 'pending' AND created_by = ? AND expires_at > ?",
                createdBy, now);
    }

    @Override
    public int purgeInvalid(Instant before) {
        return sql.update("DELETE FROM orders WHERE status = 'invalid' AND COALESCE(decided_at, expires_at) < ?", before);
    }

    @Override
    public Page<Order> search(OrderStatus status, Instant now, int page, int size) {
        List<Object> params = new ArrayList<>();
        String where = "TRUE";
        if (status == OrderStatus.VALID) {
            where = "status = 'valid'";
        } else if (status != null) {
            // a pending order past its expiry is invalid before the expiry job writes so
            where = status == OrderStatus.PENDING ? "status = 'pending' AND expires_at > ?"
                    : "(status = 'invalid' OR (status = 'pending' AND expires_at <= ?))";
            params.add(now);
        }
        long total = sql.count("SELECT count(*) FROM orders WHERE " + where, params.toArray());
        params.add(size);
        params.add((long) page * size);
        List<Order> items = sql.query("SELECT " + LISTED_COLUMNS + " FROM orders WHERE " + where
                + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?", SqlOrderStore::map, params.toArray());
        return new Page<>(items, total, page, size);
    }

    private static void requireOne(int updated, String id) {
        if (updated != 1) {
            throw new IllegalStateException("order " + id + " was not pending under its row lock");
        }
    }

    private static Order map(ResultSet rs) throws SQLException {
        String serial = rs.getString("serial_number");
        return new Order(rs.getString("id"), rs.getString("token_id"), OrderStatus.fromLabel(rs.getString("status")),
                rs.getString("common_name"), Sql.texts(rs, "subject_alt_names").stream().map(SubjectAltName::parse).toList(),
                rs.getBytes("csr"), Sql.seconds(rs, "validity_seconds"), serial == null ? null : new BigInteger(serial, 16),
                rs.getString("created_by"), Sql.instant(rs, "created_at"), Sql.instant(rs, "expires_at"),
                rs.getString("decided_by"), Sql.instant(rs, "decided_at"), rs.getString("invalid_reason"),
                rs.getString("rejection_reason"));
    }
}
