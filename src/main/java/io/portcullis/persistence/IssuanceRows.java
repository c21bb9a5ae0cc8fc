package io.portcullis.persistence;

import io.portcullis.audit.AuditAction;
import io.portcullis.audit.AuditEvent;
import io.portcullis.audit.AuditTrail;
import io.portcullis.ca.Enrolment;
import io.portcullis.ca.SubjectAltName;
import io.portcullis.ca.issuance.IssuanceIntent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;

/**
 * The rows one issuance writes, in plain SQL shared by the single-transaction store and the
 * group-commit ledger: the intent ({@code INSERT … ON CONFLICT DO NOTHING} reserves a serial
 * without poisoning the transaction on a collision), the signed certificate on it, its device
 * (enrolled, or advanced to the renewal) and its audit row. Neither write needs an entity in memory.
 */
final class IssuanceRows {

    static final String RESERVE = """
            INSERT INTO certificates (serial_number, status, subject, common_name, subject_alt_names, not_before,
                not_after, key_algorithm, spki_sha256, csr, issued_by, issued_at, device_id)
            VALUES (?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (serial_number) DO NOTHING""";
    static final String COMPLETE = """
            UPDATE certificates SET status = 'valid', certificate = ?, sha256_fingerprint = ?
            WHERE serial_number = ? AND status = 'pending'""";
    /** A new device, enrolled by its first certificate (the intent's foreign key is checked at commit). */
    static final String ENROL_DEVICE = """
            INSERT INTO devices (id, status, subject, common_name, subject_alt_names, key_algorithm, spki_sha256,
                enrolled_by, credential_id, token_id, order_id, max_lifetime_seconds, initial_lifetime_seconds,
                current_serial, created_at)
            VALUES (?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    /** The renewal becomes the device's current certificate, only if its predecessor still is: never two lines. */
    static final String ADVANCE_DEVICE = """
            UPDATE devices SET current_serial = ? WHERE id = ? AND current_serial = ? AND status = 'active'""";
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
        insert.setString(12, intent.device().deviceId());
    }

    /** Binds the new device of an intent that enrols one. */
    static void bindEnrol(Connection connection, PreparedStatement insert, IssuanceIntent intent) throws SQLException {
        Enrolment enrolment = intent.device().enrolment();
        insert.setString(1, intent.device().deviceId());
        insert.setString(2, intent.subject());
        insert.setString(3, intent.commonName());
        insert.setArray(4, connection.createArrayOf("text", intent.subjectAltNames().stream()
                .map(SubjectAltName::toString).toArray()));
        insert.setString(5, intent.keyAlgorithm());
        insert.setString(6, intent.spkiSha256());
        insert.setString(7, intent.issuedBy().toString());
        insert.setString(8, enrolment.credentialId());
        insert.setString(9, enrolment.tokenId());
        insert.setString(10, enrolment.orderId());
        insert.setObject(11, enrolment.maxLifetime() == null ? null : Math.max(1, enrolment.maxLifetime().toSeconds()),
                Types.BIGINT);
        insert.setLong(12, Math.max(1, intent.grantedLifetime().toSeconds()));
        insert.setString(13, intent.serial().toString(16));
        insert.setTimestamp(14, Timestamp.from(intent.issuedAt()));
    }

    /** Binds the advance of a renewed device to the intent's certificate. */
    static void bindAdvance(PreparedStatement update, IssuanceIntent intent) throws SQLException {
        update.setString(1, intent.serial().toString(16));
        update.setString(2, intent.device().deviceId());
        update.setString(3, intent.device().predecessor().toString(16));
    }

    /** Writes the device side of a completed intent on {@code connection}: a new device, or the renewed one advanced. */
    static void writeDevice(Connection connection, IssuanceIntent intent) throws SQLException {
        if (intent.device().isNew()) {
            try (PreparedStatement insert = connection.prepareStatement(ENROL_DEVICE)) {
                bindEnrol(connection, insert, intent);
                insert.executeUpdate();
            }
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(ADVANCE_DEVICE)) {
            bindAdvance(update, intent);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("device " + intent.device().deviceId() + " moved on from "
                        + intent.device().predecessor().toString(16));
            }
        }
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
