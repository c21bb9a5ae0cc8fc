package io.portcullis.persistence;

import io.portcullis.ca.Revocation;
import io.portcullis.ca.RevocationReason;
import io.portcullis.ca.lifecycle.LifecycleStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.Session;

/** The lifecycle columns of {@code certificates}, in plain SQL on the transaction's connection. */
@ApplicationScoped
public class PanacheLifecycleStore implements LifecycleStore {

    private static final String REVOKE = """
            UPDATE certificates SET status = 'revoked', revoked_at = ?, revocation_reason = ?, revoked_by = ?
            WHERE serial_number = ? AND status = 'valid'""";
    private static final String REVOCATION = """
            SELECT revoked_at, revocation_reason, revoked_by FROM certificates
            WHERE serial_number = ? AND status = 'revoked'""";
    // FOR SHARE: a concurrent revocation's UPDATE waits until the renewal commits or rolls back
    private static final String LOCK_FOR_RENEWAL =
            "SELECT csr FROM certificates WHERE serial_number = ? AND status <> 'pending' FOR SHARE";
    private static final String LINK = "UPDATE certificates SET renews = ? WHERE serial_number = ?";

    private final EntityManager em;

    @Inject
    public PanacheLifecycleStore(EntityManager em) {
        this.em = em;
    }

    @Override
    public boolean revoke(BigInteger serial, Instant at, RevocationReason reason, String revokedBy) {
        return session().doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(REVOKE)) {
                ps.setTimestamp(1, Timestamp.from(at));
                ps.setString(2, reason.rfcName());
                ps.setString(3, revokedBy);
                ps.setString(4, serial.toString(16));
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<Revocation> revocation(BigInteger serial) {
        return session().doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(REVOCATION)) {
                ps.setString(1, serial.toString(16));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Revocation(rs.getTimestamp(1).toInstant(),
                            RevocationReason.fromName(rs.getString(2)), rs.getString(3))) : Optional.<Revocation>empty();
                }
            }
        });
    }

    @Override
    public Optional<byte[]> lockForRenewal(BigInteger serial) {
        return session().doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(LOCK_FOR_RENEWAL)) {
                ps.setString(1, serial.toString(16));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
    }

    @Override
    public void linkRenewal(BigInteger renewal, BigInteger renewed) {
        session().doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(LINK)) {
                ps.setString(1, renewed.toString(16));
                ps.setString(2, renewal.toString(16));
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("renewal " + renewal.toString(16) + " is not recorded");
                }
            }
        });
    }

    private Session session() {
        return em.unwrap(Session.class);
    }
}
