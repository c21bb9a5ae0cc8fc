package io.portcullis.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Database;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V5 builds devices from the certificates an existing database holds: every renewal chain becomes
 * one device, every certificate keeps its row and status, and what enrolled each device (token,
 * order, issuer) is recovered from the old rows.
 */
class DeviceMigrationTest {

    @Test
    void everyRenewalChainBecomesOneDeviceAndNothingIsLost() {
        String database = Database.fresh("devices_migration");
        flyway(database, "4").migrate();
        Database.execute(database, """
                INSERT INTO credentials (id, name, role, token_sha256, allowed_names, max_validity_days, created_by, created_at)
                VALUES ('cred-1', 'ci', 'issuer', decode(repeat('11', 32), 'hex'), '{"*.ci.example"}', 7,
                        'admin:bootstrap-admin', now());
                INSERT INTO enrollment_tokens (id, token_sha256, common_name, validity_days, uses, uses_left, approval,
                        expires_at, created_by, created_at)
                VALUES ('tok-1', decode(repeat('22', 32), 'hex'), 'door.home.example', 30, 1, 0, 'auto',
                        now() + interval '1 day', 'issuer:cred-1', now());
                """);
        // a chain a1 → a2 → a3 (a1 revoked, a3 newest), a fork b1 → b2, b1 → b3, and a lone c1
        insert(database, "a1", null, "valid", "enrollment:tok-1", "2026-01-01", "2026-01-31", "keyA", "door.home.example");
        insert(database, "a2", "a1", "valid", "admin:bootstrap-admin", "2026-01-21", "2026-02-20", "keyA", "door.home.example");
        insert(database, "a3", "a2", "valid", "holder:a2", "2026-02-10", "2026-03-12", "keyA", "door.home.example");
        Database.execute(database, "UPDATE certificates SET status = 'revoked', revoked_at = now(), "
                + "revocation_reason = 'superseded', revoked_by = 'admin:bootstrap-admin' WHERE serial_number = 'a1'");
        Database.execute(database, """
                INSERT INTO orders (id, token_id, status, common_name, csr, validity_days, serial_number, created_by,
                        created_at, expires_at)
                VALUES ('0b0e4f5e-8d43-4c1a-9a51-6f7e0c1d2e3f', 'tok-1', 'valid', 'door.home.example', '\\x00', 30,
                        'a1', 'enrollment:tok-1', now(), now())""");
        insert(database, "b1", null, "valid", "issuer:cred-1", "2026-01-01", "2026-01-08", "keyB", "r1.ci.example");
        insert(database, "b2", "b1", "revoked", "issuer:cred-1", "2026-01-06", "2026-01-13", "keyB", "r1.ci.example");
        insert(database, "b3", "b1", "valid", "issuer:cred-1", "2026-01-07", "2026-01-14", "keyB", "r1.ci.example");
        insert(database, "c1", null, "revoked", "admin:bootstrap-admin", "2026-01-01", "2027-01-01", "keyC", "lamp.example");

        flyway(database, "latest").migrate();

        assertThat(Database.count(database, "SELECT count(*) FROM devices")).isEqualTo(3);
        assertThat(Database.count(database, "SELECT count(*) FROM certificates")).isEqualTo(7);
        assertThat(Database.count(database, "SELECT count(*) FROM certificates WHERE device_id IS NULL")).isZero();
        assertThat(Database.count(database, "SELECT count(*) FROM certificates WHERE status = 'revoked'"))
                .as("no certificate changes status").isEqualTo(3);
        assertThat(Database.count(database, "SELECT count(DISTINCT device_id) FROM certificates "
                + "WHERE serial_number IN ('a1', 'a2', 'a3')")).isEqualTo(1);
        assertThat(Database.count(database, "SELECT count(DISTINCT device_id) FROM certificates "
                + "WHERE serial_number IN ('b1', 'b2', 'b3')")).isEqualTo(1);

        String a = device(database, "a1");
        assertThat(Database.strings(database, "SELECT concat_ws('|', status, current_serial, enrolled_by, credential_id, "
                + "token_id, order_id, max_lifetime_seconds, initial_lifetime_seconds, common_name, spki_sha256) "
                + "FROM devices WHERE id = '" + a + "'")).containsExactly(
                        "active|a3|enrollment:tok-1|cred-1|tok-1|0b0e4f5e-8d43-4c1a-9a51-6f7e0c1d2e3f|2592000|2592000"
                                + "|door.home.example|keyA");
        String b = device(database, "b1");
        assertThat(Database.strings(database, "SELECT concat_ws('|', status, current_serial, credential_id, "
                + "max_lifetime_seconds, initial_lifetime_seconds) FROM devices WHERE id = '" + b + "'"))
                .as("the newest of a fork is current; the issuer's cap is the device's")
                .containsExactly("active|b3|cred-1|604800|604800");
        String c = device(database, "c1");
        assertThat(Database.strings(database, "SELECT concat_ws('|', status, current_serial, revocation_reason, "
                + "max_lifetime_seconds IS NULL) FROM devices WHERE id = '" + c + "'"))
                .containsExactly("revoked|c1|keyCompromise|t");
        assertThat(List.of(a, b, c)).doesNotHaveDuplicates();
    }

    private static String device(String database, String serial) {
        return Database.strings(database, "SELECT device_id FROM certificates WHERE serial_number = '" + serial + "'").get(0);
    }

    /** A certificate row as the V4 schema holds it; issued one minute after notBefore (the backdating). */
    private static void insert(String database, String serial, String renews, String status, String issuedBy,
            String from, String until, String spki, String commonName) {
        String revoked = "revoked".equals(status) ? "now(), 'keyCompromise', 'admin:bootstrap-admin'" : "NULL, NULL, NULL";
        Database.execute(database, "INSERT INTO certificates (serial_number, status, subject, common_name, not_before, "
                + "not_after, key_algorithm, spki_sha256, sha256_fingerprint, certificate, csr, issued_by, issued_at, "
                + "revoked_at, revocation_reason, revoked_by, renews) VALUES ('" + serial + "', '" + status + "', 'CN="
                + commonName + "', '" + commonName + "', timestamptz '" + from + "T00:00:00Z' - interval '1 minute', "
                + "timestamptz '" + until + "T00:00:00Z', 'EC-P256', '" + spki + "', 'fp-" + serial + "', '\\x00', "
                + "'\\x00', '" + issuedBy + "', timestamptz '" + from + "T00:00:00Z', " + revoked + ", "
                + (renews == null ? "NULL" : "'" + renews + "'") + ")");
    }

    private static Flyway flyway(String database, String target) {
        return Flyway.configure().dataSource(Database.jdbcUrl(database), "postgres", "")
                .locations("classpath:db/migration").target(target).load();
    }
}
