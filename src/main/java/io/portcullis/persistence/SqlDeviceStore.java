package io.portcullis.persistence;

import io.portcullis.ca.Device;
import io.portcullis.ca.DeviceStatus;
import io.portcullis.ca.Page;
import io.portcullis.ca.RevocationReason;
import io.portcullis.ca.SubjectAltName;
import io.portcullis.ca.lifecycle.DeviceQuery;
import io.portcullis.ca.lifecycle.DeviceStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Devices in PostgreSQL ({@code devices}, V5__devices.sql), in plain SQL on the transaction's connection. */
@ApplicationScoped
public class SqlDeviceStore implements DeviceStore {

    private static final String SELECT = """
            SELECT d.*, c.not_after AS current_not_after,
                   (cr.deleted_at IS NOT NULL) AS credential_withdrawn
            FROM devices d
            LEFT JOIN certificates c ON c.serial_number = d.current_serial
            LEFT JOIN credentials cr ON cr.id = d.credential_id
            """;
    // the device row alone is locked (FOR UPDATE OF d): the joined rows are only read
    private static final String LOCK = SELECT + " WHERE d.id = ? FOR UPDATE OF d";
    private static final String LOCK_BY_KEY = SELECT + " WHERE d.spki_sha256 = ? ORDER BY d.id FOR UPDATE OF d";
    private static final String REVOKE_CERTIFICATES = """
            UPDATE certificates SET status = 'revoked', revoked_at = ?, revocation_reason = ?, revoked_by = ?
            WHERE device_id = ? AND status = 'valid' AND not_after > ?
            RETURNING serial_number""";
    private static final String MARK_REVOKED = """
            UPDATE devices SET status = 'revoked', revoked_at = ?, revocation_reason = ?
            WHERE id = ? AND status = 'active'""";
    /** A device's names: its common name and the values of its SANs (after the {@code TYPE:} prefix). */
    private static final String NAMES = "(array_remove(ARRAY[d.common_name], NULL) || ARRAY(SELECT substr(s, strpos(s, ':') + 1)"
            + " FROM unnest(d.subject_alt_names) s))";

    private final Sql sql;

    @Inject
    public SqlDeviceStore(EntityManager em) {
        this.sql = new Sql(em);
    }

    @Override
    public Optional<Device> find(String id) {
        return sql.query(SELECT + " WHERE d.id = ?", SqlDeviceStore::map, id).stream().findFirst();
    }

    @Override
    public Optional<Device> lock(String id) {
        return sql.query(LOCK, SqlDeviceStore::map, id).stream().findFirst();
    }

    @Override
    public List<Device> lockByKey(String spkiSha256) {
        return sql.query(LOCK_BY_KEY, SqlDeviceStore::map, spkiSha256);
    }

    @Override
    public Optional<BigInteger> successorOf(BigInteger serial) {
        return sql.query("SELECT serial_number FROM certificates WHERE renews = ? AND status <> 'pending'"
                        + " ORDER BY issued_at DESC LIMIT 1", rs -> new BigInteger(rs.getString(1), 16), serial.toString(16))
                .stream().findFirst();
    }

    @Override
    public List<BigInteger> revokeCertificates(String deviceId, Instant at, RevocationReason reason, String revokedBy) {
        return sql.query(REVOKE_CERTIFICATES, rs -> new BigInteger(rs.getString(1), 16), at, reason.rfcName(), revokedBy,
                deviceId, at);
    }

    @Override
    public boolean markRevoked(String deviceId, Instant at, RevocationReason reason) {
        return sql.update(MARK_REVOKED, at, reason.rfcName(), deviceId) == 1;
    }

    @Override
    public Page<Device> search(DeviceQuery query) {
        List<String> where = new ArrayList<>(List.of("true"));
        List<Object> params = new ArrayList<>();
        if (query.status() != null) {
            switch (query.status()) {
                case REVOKED -> where.add("d.status = 'revoked'");
                case ACTIVE -> where.add("d.status = 'active' AND c.not_after > ?");
                case EXPIRED -> where.add("d.status = 'active' AND (c.not_after IS NULL OR c.not_after <= ?)");
            }
            if (query.status() != DeviceStatus.REVOKED) {
                params.add(query.now());
            }
        }
        if (query.name() != null) {
            where.add("lower(?) = ANY (SELECT lower(n) FROM unnest(" + NAMES + ") n)");
            params.add(query.name());
        }
        if (query.withinNames() != null) {
            // every name must match one of the scope's patterns (a device without names matches none)
            where.add("cardinality(" + NAMES + ") > 0 AND NOT EXISTS (SELECT 1 FROM unnest(" + NAMES + ") n"
                    + " WHERE NOT (lower(n) ~ ANY (?)))");
            params.add(new Sql.TextArray(query.withinNames()));
        }
        String from = " FROM devices d LEFT JOIN certificates c ON c.serial_number = d.current_serial"
                + " LEFT JOIN credentials cr ON cr.id = d.credential_id WHERE " + String.join(" AND ", where);
        long total = sql.count("SELECT count(*)" + from, params.toArray());
        List<Object> paged = new ArrayList<>(params);
        paged.add(query.size());
        paged.add((long) query.page() * query.size());
        List<Device> items = sql.query("SELECT d.*, c.not_after AS current_not_after,"
                + " (cr.deleted_at IS NOT NULL) AS credential_withdrawn" + from
                + " ORDER BY d.created_at DESC, d.id DESC LIMIT ? OFFSET ?", SqlDeviceStore::map, paged.toArray());
        return new Page<>(items, total, query.page(), query.size());
    }

    @Override
    public List<BigInteger> certificates(String deviceId) {
        return sql.query("SELECT serial_number FROM certificates WHERE device_id = ? AND status <> 'pending'"
                + " ORDER BY issued_at DESC, serial_number DESC", rs -> new BigInteger(rs.getString(1), 16), deviceId);
    }

    private static Device map(ResultSet rs) throws SQLException {
        long max = rs.getLong("max_lifetime_seconds");
        Duration maxLifetime = rs.wasNull() ? null : Duration.ofSeconds(max);
        String reason = rs.getString("revocation_reason");
        return new Device(rs.getString("id"), "revoked".equals(rs.getString("status")), rs.getString("subject"),
                rs.getString("common_name"), Sql.texts(rs, "subject_alt_names").stream().map(SubjectAltName::parse).toList(),
                rs.getString("key_algorithm"), rs.getString("spki_sha256"), rs.getString("enrolled_by"),
                rs.getString("credential_id"), rs.getString("token_id"), rs.getString("order_id"), maxLifetime,
                Duration.ofSeconds(rs.getLong("initial_lifetime_seconds")), new BigInteger(rs.getString("current_serial"), 16),
                Sql.instant(rs, "current_not_after"), Sql.instant(rs, "created_at"), Sql.instant(rs, "revoked_at"),
                reason == null ? null : RevocationReason.fromName(reason), rs.getBoolean("credential_withdrawn"));
    }
}
