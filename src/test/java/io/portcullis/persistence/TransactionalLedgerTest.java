package io.portcullis.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.ca.Actor;
import io.portcullis.ca.DeviceLink;
import io.portcullis.ca.Enrolment;
import io.portcullis.ca.IssuanceIntent;
import io.portcullis.ca.IssuanceLedger;
import io.portcullis.support.Database;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger in the caller's transaction against the real PostgreSQL: the same refusals as the
 * group commit (a taken serial, a deny-listed key, read with the same query), rows that commit or
 * roll back with the caller's transaction, and a withdrawal that holds even if that transaction
 * commits.
 */
@QuarkusTest
class TransactionalLedgerTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    @IssuanceLedger.CallersTransaction
    IssuanceLedger ledger;

    @BeforeEach
    void clean() {
        Database.execute(Database.TEST_DB, "TRUNCATE certificates, devices, audit_events, compromised_keys");
    }

    @Test
    void aCompletedIntentCommitsWithItsDeviceAndAuditRowInTheCallersTransaction() {
        IssuanceIntent intent = intent("a1");
        QuarkusTransaction.requiringNew().run(() -> {
            IssuanceLedger.Reservation reservation = ledger.reserve(intent);
            assertThat(reservation.reserved()).isTrue();
            assertThat(reservation.compromisedBy()).isEmpty();
            reservation.complete(new byte[] {1, 2, 3}, "f1");
        });
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates WHERE serial_number = ?"
                + " AND status = 'valid' AND certificate = '\\x010203'::bytea AND sha256_fingerprint = 'f1'", hex(intent)))
                .isEqualTo(1);
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM devices WHERE id = ? AND current_serial = ?",
                intent.device().deviceId(), hex(intent))).isEqualTo(1);
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM audit_events WHERE target = ?"
                + " AND action = 'certificate.issued' AND actor_id = 'ledger-test'", hex(intent))).isEqualTo(1);
    }

    @Test
    void aRolledBackCallerLeavesNothing() {
        IssuanceIntent intent = intent("a2");
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            ledger.reserve(intent).complete(new byte[] {1}, "f1");
            throw new IllegalStateException("the caller's later step failed");
        })).hasMessageContaining("later step");
        assertThat(Database.count("SELECT count(*) FROM certificates")).isZero();
        assertThat(Database.count("SELECT count(*) FROM devices")).isZero();
        assertThat(Database.count("SELECT count(*) FROM audit_events")).isZero();
    }

    @Test
    void aCompromisedKeyIsReportedWithTheGroupCommitsQueryAndNothingIsWritten() {
        Database.execute(Database.TEST_DB,
                "INSERT INTO compromised_keys (spki_sha256, serial_number, revoked_at) VALUES ('a3', 'abc123', now())");
        IssuanceLedger.Reservation reservation = QuarkusTransaction.requiringNew().call(() -> ledger.reserve(intent("a3")));
        assertThat(reservation.compromisedBy()).contains(new BigInteger("abc123", 16));
        assertThat(reservation.reserved()).isFalse();
        assertThatThrownBy(() -> reservation.complete(new byte[] {1}, "f")).isInstanceOf(IllegalStateException.class);
        assertThat(Database.count("SELECT count(*) FROM certificates")).isZero();
    }

    @Test
    void aTakenSerialIsReportedAndTheFirstRecordIsUntouched() {
        IssuanceIntent first = intent("a4");
        QuarkusTransaction.requiringNew().run(() -> ledger.reserve(first).complete(new byte[] {7}, "f7"));
        IssuanceIntent again = new IssuanceIntent(first.serial(), "CN=other.example", "other.example", List.of(),
                first.notBefore(), first.notAfter(), "EC-P256", "a5", new byte[] {0x30, 0}, first.issuedBy(),
                first.issuedAt(), newDevice());
        boolean reserved = QuarkusTransaction.requiringNew().call(() -> ledger.reserve(again).reserved());
        assertThat(reserved).isFalse();
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates WHERE serial_number = ?"
                + " AND spki_sha256 = 'a4' AND status = 'valid'", hex(first))).isEqualTo(1);
        assertThat(Database.count("SELECT count(*) FROM devices")).isEqualTo(1);
    }

    @Test
    void aWithdrawnIntentIsGoneEvenIfTheCallersTransactionCommits() {
        IssuanceIntent intent = intent("a6");
        QuarkusTransaction.requiringNew().run(() -> ledger.reserve(intent).withdraw());
        assertThat(Database.count("SELECT count(*) FROM certificates")).isZero();
        assertThat(Database.count("SELECT count(*) FROM audit_events")).isZero();
    }

    @Test
    void aCallerWithoutATransactionIsRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> ledger.reserve(intent("a7"))).isInstanceOf(TransactionalException.class);
        assertThat(Database.count("SELECT count(*) FROM certificates")).isZero();
    }

    private static IssuanceIntent intent(String spkiSha256) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new IssuanceIntent(new BigInteger(120, RANDOM).setBit(119), "CN=ledger.example", "ledger.example",
                List.of(), now, now.plus(1, ChronoUnit.DAYS), "EC-P256", spkiSha256, new byte[] {0x30, 0},
                new Actor("ledger-test", "admin"), now, newDevice());
    }

    private static DeviceLink newDevice() {
        return DeviceLink.enrol(new Enrolment(null, null, null, null));
    }

    private static String hex(IssuanceIntent intent) {
        return intent.serial().toString(16);
    }
}
