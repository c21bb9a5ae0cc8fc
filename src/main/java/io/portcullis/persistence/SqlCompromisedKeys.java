package io.portcullis.persistence;

import io.portcullis.ca.issuance.CompromisedKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

/** The {@code compromised_keys} table, in plain SQL on the transaction's connection. */
@ApplicationScoped
public class SqlCompromisedKeys implements CompromisedKeys {

    private static final String ADD = """
            INSERT INTO compromised_keys (spki_sha256, serial_number, revoked_at)
            SELECT spki_sha256, serial_number, revoked_at FROM certificates
            WHERE serial_number = ? AND status = 'revoked'
            ON CONFLICT (spki_sha256) DO NOTHING""";
    private static final String DENY = """
            INSERT INTO compromised_keys (spki_sha256, serial_number, revoked_at) VALUES (?, ?, ?)
            ON CONFLICT (spki_sha256) DO NOTHING""";
    /** The key space of the keys' advisory locks (two-int form, apart from the single-bigint ones). */
    private static final int KEY_LOCKS = 0x4b455953;
    private static final String SHARE_KEYS =
            "SELECT pg_advisory_xact_lock_shared(" + KEY_LOCKS + ", hashtext(k)) FROM unnest(?) k";
    private static final String LOCK_KEY = "SELECT pg_advisory_xact_lock(" + KEY_LOCKS + ", hashtext(?))";
    private static final String FIND =
            "SELECT spki_sha256, serial_number FROM compromised_keys WHERE spki_sha256 = ANY (?)";

    private final EntityManager em;

    @Inject
    public SqlCompromisedKeys(EntityManager em) {
        this.em = em;
    }

    @Override
    public void add(BigInteger revokedSerial) {
        session().doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(ADD)) {
                ps.setString(1, revokedSerial.toString(16));
                ps.executeUpdate();
            }
        });
    }

    @Override
    public void deny(String spkiSha256, BigInteger serial, Instant at) {
        session().doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(DENY)) {
                ps.setString(1, spkiSha256);
                ps.setString(2, serial.toString(16));
                ps.setTimestamp(3, Timestamp.from(at));
                ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<BigInteger> revokedWith(String spkiSha256) {
        return Optional.ofNullable(session().doReturningWork(c -> revokedWithAny(c, List.of(spkiSha256)).get(spkiSha256)));
    }

    @Override
    public void lockForIssuance(String spkiSha256) {
        session().doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(SHARE_KEYS)) {
                ps.setArray(1, c.createArrayOf("text", new Object[] {spkiSha256}));
                ps.executeQuery().close();
            }
        });
    }

    @Override
    public void lockForRevocation(String spkiSha256) {
        session().doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(LOCK_KEY)) {
                ps.setString(1, spkiSha256);
                ps.executeQuery().close();
            }
        });
    }

    /**
     * The listed keys among {@code spkiSha256s}, each with the serial that reported it compromised;
     * shares each key's lock until the transaction ends (see {@link CompromisedKeys#revokedWith}).
     */
    static Map<String, BigInteger> revokedWithAny(Connection connection, Collection<String> spkiSha256s) throws SQLException {
        try (PreparedStatement share = connection.prepareStatement(SHARE_KEYS)) {
            share.setArray(1, connection.createArrayOf("text", spkiSha256s.toArray()));
            share.executeQuery().close();
        }
        Map<String, BigInteger> found = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(FIND)) {
            select.setArray(1, connection.createArrayOf("text", spkiSha256s.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), new BigInteger(rs.getString(2), 16));
                }
            }
        }
        return found;
    }

    private Session session() {
        return em.unwrap(Session.class);
    }
}
