package io.portcullis.persistence;

import io.portcullis.ca.CompromisedKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
    private static final String FIND = "SELECT serial_number FROM compromised_keys WHERE spki_sha256 = ?";

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
    public Optional<BigInteger> revokedWith(String spkiSha256) {
        return session().doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND)) {
                ps.setString(1, spkiSha256);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new BigInteger(rs.getString(1), 16)) : Optional.<BigInteger>empty();
                }
            }
        });
    }

    private Session session() {
        return em.unwrap(Session.class);
    }
}
