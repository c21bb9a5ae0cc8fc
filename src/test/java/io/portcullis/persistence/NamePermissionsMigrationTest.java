package io.portcullis.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Database;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V6 on a database that already holds credentials, tokens and orders: lifetimes in days become the
 * same lifetimes in seconds, absent ones stay absent, and existing issuers get no IP, URI or e-mail
 * permission they did not have.
 */
class NamePermissionsMigrationTest {

    @Test
    void dayLifetimesBecomeSecondsAndIssuersGainNothing() {
        String database = Database.fresh("v6_migration");
        flyway(database, "4").migrate();
        Database.execute(database, """
                INSERT INTO credentials (id, name, role, token_sha256, allowed_names, max_validity_days, created_by, created_at)
                VALUES ('c1', 'ci', 'issuer', decode(repeat('ab', 32), 'hex'), '{*.ci.example}', 7, 'admin:x', now()),
                       ('c2', 'ops', 'admin', decode(repeat('cd', 32), 'hex'), '{}', NULL, 'admin:x', now());
                INSERT INTO enrollment_tokens (id, token_sha256, common_name, validity_days, uses, uses_left, approval,
                    expires_at, created_by, created_at)
                VALUES ('t1', decode(repeat('ef', 32), 'hex'), 'door.example', 30, 1, 1, 'auto', now(), 'admin:x', now()),
                       ('t2', decode(repeat('01', 32), 'hex'), 'gate.example', NULL, 1, 1, 'auto', now(), 'admin:x', now());
                INSERT INTO orders (id, token_id, status, common_name, csr, validity_days, created_by, created_at, expires_at)
                VALUES ('00000000-0000-4000-8000-000000000001', 't1', 'pending', 'door.example', '\\x00', 30,
                    'enrollment:t1', now(), now());
                """);

        flyway(database, "6").migrate();

        assertThat(Database.count(database, "SELECT count(*) FROM credentials WHERE id = 'c1' AND max_validity_seconds = 604800"
                + " AND allowed_ips = '{}' AND allowed_uris = '{}' AND allowed_emails = '{}'")).isEqualTo(1);
        assertThat(Database.count(database, "SELECT count(*) FROM credentials WHERE id = 'c2' AND max_validity_seconds IS NULL"))
                .isEqualTo(1);
        assertThat(Database.count(database, "SELECT count(*) FROM enrollment_tokens WHERE id = 't1' AND validity_seconds = 2592000"))
                .isEqualTo(1);
        assertThat(Database.count(database, "SELECT count(*) FROM enrollment_tokens WHERE id = 't2' AND validity_seconds IS NULL"))
                .isEqualTo(1);
        assertThat(Database.count(database, "SELECT count(*) FROM orders WHERE validity_seconds = 2592000")).isEqualTo(1);
        assertThat(Database.count(database, "SELECT count(*) FROM information_schema.columns "
                + "WHERE table_name IN ('credentials', 'enrollment_tokens', 'orders')"
                + " AND column_name IN ('validity_days', 'max_validity_days')")).isZero();
    }

    private static Flyway flyway(String database, String target) {
        return Flyway.configure().dataSource(Database.jdbcUrl(database), "postgres", "")
                .locations("classpath:db/migration").target(target).load();
    }
}
