package io.portcullis.persistence;

import io.portcullis.audit.AuditEvent;
import io.portcullis.audit.AuditQuery;
import io.portcullis.audit.AuditStore;
import io.portcullis.ca.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The audit trail in PostgreSQL ({@code audit_events}, V2__enrollment.sql); rows are only ever inserted. */
@ApplicationScoped
public class SqlAuditStore implements AuditStore {

    private static final String COLUMNS = "occurred_at, actor_id, actor_role, action, target, outcome, remote_address";
    /** Appends one event; bind it with {@link #bind}. */
    static final String INSERT = "INSERT INTO audit_events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final Sql sql;

    @Inject
    public SqlAuditStore(EntityManager em) {
        this.sql = new Sql(em);
    }

    @Override
    public void append(AuditEvent e) {
        sql.update(INSERT, e.occurredAt(), e.actorId(), e.actorRole(), e.action(), e.target(), e.outcome(),
                e.remoteAddress());
    }

    /** Binds {@link #INSERT}'s parameters, as {@link #append} does. */
    static void bind(PreparedStatement insert, AuditEvent e) throws SQLException {
        insert.setObject(1, OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC));
        insert.setString(2, e.actorId());
        insert.setString(3, e.actorRole());
        insert.setString(4, e.action());
        insert.setString(5, e.target());
        insert.setString(6, e.outcome());
        insert.setString(7, e.remoteAddress());
    }

    @Override
    public Page<AuditEvent> search(AuditQuery query) {
        List<String> where = new ArrayList<>(List.of("TRUE"));
        List<Object> params = new ArrayList<>();
        if (query.action() != null) {
            where.add("action = ?");
            params.add(query.action().label());
        }
        if (query.since() != null) {
            where.add("occurred_at >= ?");
            params.add(query.since());
        }
        String condition = String.join(" AND ", where);
        long total = sql.count("SELECT count(*) FROM audit_events WHERE " + condition, params.toArray());
        params.add(query.size());
        params.add((long) query.page() * query.size());
        List<AuditEvent> items = sql.query("SELECT id, " + COLUMNS + " FROM audit_events WHERE " + condition
                + " ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?", SqlAuditStore::map, params.toArray());
        return new Page<>(items, total, query.page(), query.size());
    }

    private static AuditEvent map(ResultSet rs) throws SQLException {
        return new AuditEvent(rs.getLong("id"), Sql.instant(rs, "occurred_at"), rs.getString("actor_id"),
                rs.getString("actor_role"), rs.getString("action"), rs.getString("target"), rs.getString("outcome"),
                rs.getString("remote_address"));
    }
}
