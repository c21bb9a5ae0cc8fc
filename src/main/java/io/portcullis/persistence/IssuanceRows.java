package io.portcullis.persistence;

import io.portcullis.audit.AuditAction;
import io.portcullis.audit.AuditEvent;
import io.portcullis.audit.AuditTrail;
import io.portcullis.ca.IssuanceIntent;
import io.portcullis.ca.SubjectAltName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The rows one issuance writes, in plain SQL shared by the single-transaction store and the
 * group-commit ledger: the intent ({@code INSERT … ON CONFLICT DO NOTHING} reserves a serial
 * without poisoning the transaction on a collision), the signed certificate on it, and its audit
 * row. Neither write needs an entity in memory.
 */
final class IssuanceRows {

    static final String RESERVE = """
            INSERT INTO certificates (serial_number, status, subject, common_name, subject_alt_names, not_before,
                not_after, key_algorithm, spki_sha256, csr, issued_by, issued_at)
            VALUES (?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (serial_number) DO NOTHING""";
    static final String COMPLETE = """
            UPDATE certificates SET status = 'valid', certificate = ?, sha256_fingerprint = ?
            WHERE serial_number = ? AND status = 'pending'""";
    static final String WITHDRAW = "DELETE FROM certificates WHERE serial_number = ? AND status = 'pending'";

    private IssuanceRows() {
    }

    static void bindReserve(Connection connection, PreparedStatement insert, IssuanceIntent intent) throws SQLException {
        insert.setString(1, intent.serial().toString(16));
        insert.setString(2, intent.subject());
        insert.setString(3, intent.commonName());
        insert.setArray(4, connection.createArrayOf("text", intent.subjectAltNames().stream()
                .map(SubjectAltName::toString).toArray()));
        insert.setTimestamp(5, Timestamp.from(intent.notBefore()));
        insert.setTimestamp(6, Timestamp.from(intent.notAfter()));
        insert.setString(7, intent.keyAlgorithm());
        insert.setString(8, intent.spkiSha256());
        insert.setBytes(9, intent.csrDer());
        insert.setString(10, intent.issuedBy().toString());
        insert.setTimestamp(11, Timestamp.from(intent.issuedAt()));
    }

    static void bindComplete(PreparedStatement update, IssuanceIntent intent, byte[] der, String sha256Fingerprint)
            throws SQLException {
        update.setBytes(1, der);
        update.setString(2, sha256Fingerprint);
        update.setString(3, intent.serial().toString(16));
    }

    /** The {@code certificate.issued} audit row of an issuance requested from {@code remoteAddress}. */
    static AuditEvent audit(IssuanceIntent intent, Instant at, String remoteAddress) {
        return new AuditEvent(0, at, intent.issuedBy().id(), intent.issuedBy().role(),
                AuditAction.CERTIFICATE_ISSUED.label(), intent.serial().toString(16), AuditTrail.SUCCESS, remoteAddress);
    }
}
