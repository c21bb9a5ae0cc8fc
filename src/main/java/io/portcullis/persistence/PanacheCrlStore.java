package io.portcullis.persistence;

import io.portcullis.ca.Hashes;
import io.portcullis.ca.RevocationReason;
import io.portcullis.ca.trust.CrlStore;
import io.portcullis.ca.trust.PublishedCrl;
import io.portcullis.ca.trust.RevokedEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.hibernate.Session;

/**
 * CRLs in PostgreSQL, in plain SQL on the transaction's connection. Revoked certificates are read
 * through a server-side cursor ({@link #FETCH_SIZE} rows at a time; PostgreSQL's driver uses one
 * because the transaction is not in auto-commit), so a CRL of a million entries never loads a
 * million rows. Every stored CRL is announced to the other replicas ({@link TrustMaterialFeed}) when
 * its transaction commits; a renewed CA certificate is stored with a CRL, so it is announced too.
 */
@ApplicationScoped
public class PanacheCrlStore implements CrlStore {

    /** Arbitrary constant naming the CRL generation lock among PostgreSQL advisory locks. */
    static final long CRL_LOCK = 0x504f5254_0002L;
    static final int FETCH_SIZE = 1000;

    private static final String REVOKED = """
            SELECT serial_number, revoked_at, revocation_reason FROM certificates
            WHERE status = 'revoked' AND not_after > ? ORDER BY serial_number""";
    private static final String HEADER = "SELECT number, this_update, next_update FROM crls ORDER BY number DESC LIMIT 1";
    private static final String NEWEST = "SELECT number, this_update, next_update, der FROM crls ORDER BY number DESC LIMIT 1";
    private static final String INSERT = """
            INSERT INTO crls (number, this_update, next_update, entries, der, sha256, reason)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";
    /** PostgreSQL delivers a notification only when its transaction commits, and never one of a rollback. */
    private static final String ANNOUNCE = "SELECT pg_notify('" + TrustMaterialFeed.CHANNEL + "', ?)";

    private final EntityManager em;

    @Inject
    public PanacheCrlStore(EntityManager em) {
        this.em = em;
    }

    @Override
    public void lockForPublication() {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(" + CRL_LOCK + ")").getSingleResult();
    }

    @Override
    public Optional<Header> newestHeader() {
        return session().doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(HEADER); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Header(BigInteger.valueOf(rs.getLong(1)),
                        rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant())) : Optional.<Header>empty();
            }
        });
    }

    @Override
    public Optional<PublishedCrl> newest() {
        return session().doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(NEWEST); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new PublishedCrl(BigInteger.valueOf(rs.getLong(1)),
                        rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(), rs.getBytes(4)))
                        : Optional.<PublishedCrl>empty();
            }
        });
    }

    @Override
    public void forEachRevoked(Instant expiredAfter, Consumer<RevokedEntry> consumer) {
        session().doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(REVOKED)) {
                ps.setFetchSize(FETCH_SIZE);
                ps.setTimestamp(1, Timestamp.from(expiredAfter));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(new RevokedEntry(new BigInteger(rs.getString(1), 16),
                                rs.getTimestamp(2).toInstant(), RevocationReason.fromName(rs.getString(3))));
                    }
                }
            }
        });
    }

    @Override
    public void insert(PublishedCrl crl, int entries, String reason) {
        session().doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setLong(1, crl.number().longValueExact());
                ps.setTimestamp(2, Timestamp.from(crl.thisUpdate()));
                ps.setTimestamp(3, Timestamp.from(crl.nextUpdate()));
                ps.setInt(4, entries);
                ps.setBytes(5, crl.der());
                ps.setString(6, Hashes.sha256Hex(crl.der()));
                ps.setString(7, reason);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(ANNOUNCE)) {
                ps.setString(1, crl.number().toString());
                ps.execute();
            }
        });
    }

    private Session session() {
        return em.unwrap(Session.class);
    }
}
