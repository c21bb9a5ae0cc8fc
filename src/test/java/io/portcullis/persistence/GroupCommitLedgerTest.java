package io.portcullis.persistence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.portcullis.ca.Actor;
import io.portcullis.ca.DeviceLink;
import io.portcullis.ca.Enrolment;
import io.portcullis.ca.IssuanceIntent;
import io.portcullis.ca.IssuanceLedger;
import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The group-commit ledger against the real PostgreSQL: concurrent issuances share transactions
 * (rows committed together carry the same {@code xmin}), each certificate commits with its audit
 * row, and every refusal or failure leaves nothing behind.
 *
 * <p>"Nothing behind" is proved without racing the ledger's open transaction: the test inserts the
 * same serial itself, which waits on the ledger's uncommitted row and succeeds only if that row
 * never commits.
 */
@QuarkusTest
class GroupCommitLedgerTest {

    private static final DeviceLink DEVICE = DeviceLink.enrol(new Enrolment(null, null, null, null));

    static final String ADMIN = "Bearer test-admin-token";
    static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    @IssuanceLedger.SharedTransaction
    IssuanceLedger ledger;
    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void clean() {
        Database.execute(Database.TEST_DB, "TRUNCATE certificates, devices, audit_events, compromised_keys");
    }

    @Test
    void concurrentIssuancesCommitTogetherEachWithItsAuditRow() throws Exception {
        int certificates = 96;
        Openssl openssl = Openssl.inTempDir();
        byte[] csr = openssl.readBytes(openssl.newCsr("device", "ec:P-256", "/CN=grouped.example", "-outform", "DER"));
        ExecutorService clients = Executors.newFixedThreadPool(32);
        List<Future<String>> serials = new ArrayList<>();
        try {
            for (int i = 0; i < certificates; i++) {
                serials.add(clients.submit(() -> given().header("Authorization", ADMIN).contentType("application/pkcs10")
                        .body(csr).post("/api/v1/certificates").then().statusCode(201).extract().<String>path("serialNumber")));
            }
            for (Future<String> serial : serials) {
                serial.get();
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(Database.count("SELECT count(*) FROM certificates WHERE status = 'valid' AND certificate IS NOT NULL"))
                .isEqualTo(certificates);
        long transactions = Database.count("SELECT count(DISTINCT xmin::text) FROM certificates");
        System.out.printf("[ledger] %d certificates committed in %d shared transactions%n", certificates, transactions);
        assertThat(transactions).as("transactions for %d concurrent issuances", certificates).isLessThan(certificates);
        assertThat(Database.count("SELECT count(*) FROM certificates c JOIN audit_events a ON a.target = c.serial_number"
                + " AND a.action = 'certificate.issued' AND a.actor_id = 'bootstrap-admin' AND a.xmin::text = c.xmin::text"))
                .as("audit rows written in their certificate's transaction").isEqualTo(certificates);
    }

    @Test
    void aCompletedIntentIsStoredWithItsAuditRow() {
        IssuanceIntent intent = intent(randomSerial(), "aa");
        IssuanceLedger.Reservation reservation = ledger.reserve(intent);
        assertThat(reservation.reserved()).isTrue();
        assertThat(reservation.compromisedBy()).isEmpty();
        reservation.complete(new byte[] {1, 2, 3}, "f1");
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates WHERE serial_number = ? AND status = 'valid'"
                + " AND certificate = '\\x010203'::bytea AND sha256_fingerprint = 'f1'", hex(intent))).isEqualTo(1);
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM audit_events WHERE target = ? AND actor_id = 'ledger-test'"
                + " AND actor_role = 'admin' AND outcome = 'success' AND remote_address IS NULL", hex(intent))).isEqualTo(1);
    }

    @Test
    void aWithdrawnIntentNeverCommits() throws SQLException {
        IssuanceIntent intent = intent(randomSerial(), "bb");
        IssuanceLedger.Reservation reservation = ledger.reserve(intent);
        assertThat(reservation.reserved()).isTrue();
        reservation.withdraw();
        assertThat(claim(intent)).as("the serial is free once the ledger's transaction ends").isTrue();
        assertThatThrownBy(() -> reservation.complete(new byte[] {1}, "f")).isInstanceOf(IllegalStateException.class);
        assertThat(Database.count("SELECT count(*) FROM audit_events")).isZero();
    }

    @Test
    void aTakenSerialIsReportedAndNothingIsWritten() {
        IssuanceIntent first = intent(randomSerial(), "cc");
        ledger.reserve(first).complete(new byte[] {7}, "f7");
        IssuanceLedger.Reservation again = ledger.reserve(intent(first.serial(), "dd"));
        assertThat(again.reserved()).isFalse();
        assertThat(again.compromisedBy()).isEmpty();
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates WHERE serial_number = ? AND spki_sha256 = 'cc'"
                + " AND status = 'valid'", hex(first))).as("the first record is untouched").isEqualTo(1);
        assertThat(Database.count("SELECT count(*) FROM audit_events")).isEqualTo(1);
    }

    @Test
    void aCompromisedKeyIsRefusedInTheTransactionAndNothingIsWritten() throws SQLException {
        Database.execute(Database.TEST_DB,
                "INSERT INTO compromised_keys (spki_sha256, serial_number, revoked_at) VALUES ('ee', 'abc123', now())");
        IssuanceIntent intent = intent(randomSerial(), "ee");
        IssuanceLedger.Reservation reservation = ledger.reserve(intent);
        assertThat(reservation.compromisedBy()).contains(new BigInteger("abc123", 16));
        assertThat(reservation.reserved()).isFalse();
        assertThat(claim(intent)).isTrue();
    }

    @Test
    void aFailedTransactionLeavesNothingAndTheNextOneWorks() throws SQLException {
        IssuanceIntent broken = new IssuanceIntent(randomSerial(), null, null, List.of(), Instant.now(), Instant.now(),
                "EC-P256", "ff", new byte[] {0}, new Actor("ledger-test", "admin"), Instant.now(), DEVICE);
        assertThatThrownBy(() -> ledger.reserve(broken)).isInstanceOf(LedgerFailure.class)
                .hasRootCauseInstanceOf(SQLException.class);
        assertThat(claim(broken)).isTrue();

        IssuanceIntent next = intent(randomSerial(), "ab");
        ledger.reserve(next).complete(new byte[] {9}, "f9");
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates WHERE serial_number = ? AND status = 'valid'", hex(next)))
                .isEqualTo(1);
    }

    @Test
    void anErrorInACommitterFailsItsBatchAtOnceAndTheCommitterLivesOn() throws SQLException {
        // a ledger of the test's own whose clock fails once, inside the committer, with an Error
        AtomicBoolean failNext = new AtomicBoolean(true);
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                if (failNext.getAndSet(false)) {
                    throw new StackOverflowError("test");
                }
                return Instant.now();
            }
        };
        GroupCommitLedger own = new GroupCommitLedger(dataSource, Optional::empty, clock);
        own.start();
        try {
            IssuanceIntent failed = intent(randomSerial(), "ba");
            long started = System.nanoTime();
            IssuanceLedger.Reservation reservation = own.reserve(failed);
            assertThatThrownBy(() -> reservation.complete(new byte[] {1}, "f1")).isInstanceOf(LedgerFailure.class)
                    .hasCauseInstanceOf(StackOverflowError.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(claim(failed)).as("the failed transaction was rolled back").isTrue();

            // both committers still serve: while one holds a reservation open, waiting for its signature,
            // the next reservation needs the other one
            IssuanceIntent held = intent(randomSerial(), "bc");
            IssuanceIntent next = intent(randomSerial(), "bd");
            IssuanceLedger.Reservation first = own.reserve(held);
            long waiting = System.nanoTime();
            IssuanceLedger.Reservation second = own.reserve(next);
            assertThat(Duration.ofNanos(System.nanoTime() - waiting)).as("a second committer took it")
                    .isLessThan(Duration.ofSeconds(5));
            second.complete(new byte[] {8}, "f8");
            first.complete(new byte[] {9}, "f9");
            assertThat(Database.count("SELECT count(*) FROM certificates WHERE spki_sha256 IN ('bc', 'bd')"
                    + " AND status = 'valid'")).isEqualTo(2);
        } finally {
            own.stop();
        }
    }

    @Test
    void stoppingWhileARequestSignsFailsItAsUnavailableAndLeavesNothing() throws SQLException {
        GroupCommitLedger own = new GroupCommitLedger(dataSource, Optional::empty, Clock.systemUTC());
        own.start();
        IssuanceIntent signing = intent(randomSerial(), "d1");
        IssuanceLedger.Reservation reservation = own.reserve(signing);
        own.stop(); // past the graceful shutdown's wait, with the request still signing
        assertThatThrownBy(() -> reservation.complete(new byte[] {1}, "f1")).isInstanceOf(LedgerFailure.class)
                .satisfies(e -> assertThat(isTransient(e)).as("answered 503, retry elsewhere").isTrue());
        assertThatThrownBy(() -> own.reserve(intent(randomSerial(), "d2"))).isInstanceOf(LedgerFailure.class)
                .satisfies(e -> assertThat(isTransient(e)).isTrue());
        assertThat(claim(signing)).as("the open transaction was rolled back").isTrue();
    }

    @Test
    void aRowPostgresqlRefusesFailsOnlyItsOwnRequestNotItsNeighbours() throws Exception {
        GroupCommitLedger own = new GroupCommitLedger(dataSource, Optional::empty, Clock.systemUTC());
        own.start();
        ExecutorService requests = Executors.newFixedThreadPool(2);
        try {
            // both committers hold a transaction open, waiting for a signature, so the next two requests queue together
            IssuanceLedger.Reservation first = own.reserve(intent(randomSerial(), "c1"));
            IssuanceLedger.Reservation second = own.reserve(intent(randomSerial(), "c2"));
            IssuanceIntent broken = new IssuanceIntent(randomSerial(), null, null, List.of(), Instant.now(), Instant.now(),
                    "EC-P256", "c3", new byte[] {0}, new Actor("ledger-test", "admin"), Instant.now(), DEVICE); // subject NOT NULL
            IssuanceIntent good = intent(randomSerial(), "c4");
            Future<?> brokenRequest = requests.submit(() -> own.reserve(broken));
            Future<?> goodRequest = requests.submit(() -> own.reserve(good).complete(new byte[] {4}, "f4"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (own.queued() < 2) {
                assertThat(System.nanoTime()).as("both requests queued").isLessThan(deadline);
                Thread.sleep(10);
            }
            first.complete(new byte[] {1}, "f1"); // its committer then takes both queued requests in one transaction
            second.complete(new byte[] {2}, "f2");

            assertThatThrownBy(brokenRequest::get).hasCauseInstanceOf(LedgerFailure.class)
                    .hasRootCauseInstanceOf(SQLException.class);
            goodRequest.get();
            assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates WHERE serial_number = ?"
                    + " AND status = 'valid' AND sha256_fingerprint = 'f4'", hex(good))).isEqualTo(1);
            assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM audit_events WHERE target = ?", hex(good)))
                    .isEqualTo(1);
            assertThat(claim(broken)).as("nothing of the refused request was committed").isTrue();
        } finally {
            requests.shutdownNow();
            own.stop();
        }
    }

    /** The problem mapper answers 503 with Retry-After for a failure the classifier calls unavailable. */
    private static boolean isTransient(Throwable e) {
        return new DatabaseFailures().unavailable(e);
    }

    /**
     * Inserts the intent's serial from the test's own connection: this waits for any open
     * transaction holding that serial and succeeds only if none committed it.
     */
    private static boolean claim(IssuanceIntent intent) throws SQLException {
        try (Connection c = Database.connect(Database.TEST_DB);
                PreparedStatement insert = c.prepareStatement(IssuanceRows.RESERVE)) {
            c.createStatement().execute("SET lock_timeout = '30s'");
            // one transaction: the probe's device row never exists, which the deferred foreign key checks at commit
            c.setAutoCommit(false);
            IssuanceRows.bindReserve(c, insert, intent(intent.serial(), "probe"));
            boolean claimed = insert.executeUpdate() == 1;
            c.createStatement().execute("DELETE FROM certificates WHERE spki_sha256 = 'probe'");
            c.commit();
            return claimed;
        }
    }

    private static IssuanceIntent intent(BigInteger serial, String spkiSha256) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new IssuanceIntent(serial, "CN=ledger.example", "ledger.example", List.of(), now, now.plus(1, ChronoUnit.DAYS),
                "EC-P256", spkiSha256, new byte[] {0x30, 0}, new Actor("ledger-test", "admin"), now,
                DeviceLink.enrol(DEVICE.enrolment()));
    }

    private static BigInteger randomSerial() {
        return new BigInteger(120, RANDOM).setBit(119);
    }

    private static String hex(IssuanceIntent intent) {
        return intent.serial().toString(16);
    }
}
