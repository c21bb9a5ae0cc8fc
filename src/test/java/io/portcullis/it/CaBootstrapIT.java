package io.portcullis.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.AppProcess;
import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The CA across processes: the packaged jar in the prod profile, configured by environment only,
 * restarted, started with the wrong or no passphrase or an unusable setting, and started twice at once.
 */
class CaBootstrapIT {

    static final Duration READY = Duration.ofSeconds(90);
    static final String PASSPHRASE = "it-Passphrase-7c1e9a";

    static AppProcess app(String database, String passphrase) {
        AppProcess app = AppProcess.on(database).env("PORTCULLIS_ADMIN_TOKEN", "it-admin-token-0123456789abcdef0123456789abcdef");
        return passphrase == null ? app : app.env("PORTCULLIS_CA_PASSPHRASE", passphrase);
    }

    static String fingerprint(AppProcess app) {
        return given().baseUri(app.url()).get("/api/v1/ca").then().statusCode(200).extract().path("sha256Fingerprint");
    }

    @Test
    void aRestartKeepsTheCaAndAWrongPassphraseRefusesToStart() throws Exception {
        String db = Database.fresh("restart");
        String first;
        try (AppProcess app = app(db, PASSPHRASE).start().awaitReady(READY)) {
            first = fingerprint(app);
            assertThat(app.log()).doesNotContain(PASSPHRASE);
        }
        // -Xshare:on: the JVM refuses to start unless it maps the class-data archive the package step made
        try (AppProcess app = app(db, PASSPHRASE).jvmOption("-Xshare:on").start().awaitReady(READY)) {
            assertThat(fingerprint(app)).isEqualTo(first);
            assertThat(app.log()).doesNotContainIgnoringCase("shared archive");
        }
        assertThat(Database.count(db, "SELECT count(*) FROM ca_certificates")).isEqualTo(1);

        String wrong = "wrong-Passphrase-4b2d";
        try (AppProcess app = app(db, wrong).start()) {
            assertThat(app.awaitExit(READY)).isNotZero();
            assertThat(app.log())
                    .contains("PORTCULLIS_CA_PASSPHRASE does not decrypt the CA key stored in the database")
                    .doesNotContain(wrong)
                    .doesNotContain(PASSPHRASE);
            assertOneErrorLine(app.log(), "PORTCULLIS_CA_PASSPHRASE does not decrypt");
        }
        assertThat(Database.strings(db, "SELECT sha256_fingerprint FROM ca_certificates")).containsExactly(first);
    }

    @Test
    void aMissingPassphraseRefusesToStartAndCreatesNothing() {
        String db = Database.fresh("nopass");
        try (AppProcess app = app(db, null).start()) {
            assertThat(app.awaitExit(READY)).isNotZero();
            assertOneErrorLine(app.log(), "PORTCULLIS_CA_PASSPHRASE is not set");
        }
        assertThat(Database.count(db, "SELECT count(*) FROM ca_certificates")).isZero();
    }

    @Test
    void anOcspValidityOutsideOneMinuteToSevenDaysRefusesToStart() {
        for (String validity : new String[] {"30s", "8d"}) {
            String db = Database.fresh("ocspvalidity");
            try (AppProcess app = app(db, PASSPHRASE).env("PORTCULLIS_OCSP_VALIDITY", validity).start()) {
                assertThat(app.awaitExit(READY)).as(validity).isNotZero();
                assertThat(app.log()).as(validity).contains("portcullis.ocsp.validity");
            }
        }
    }

    @Test
    void twoInstancesStartingTogetherOnAnEmptyDatabaseShareOneCa() {
        String db = Database.fresh("twins");
        try (AppProcess a = app(db, PASSPHRASE); AppProcess b = app(db, PASSPHRASE)) {
            a.start();
            b.start();
            a.awaitReady(READY);
            b.awaitReady(READY);
            assertThat(fingerprint(a)).isEqualTo(fingerprint(b));
            assertThat(Database.strings(db, "SELECT sha256_fingerprint FROM ca_certificates"))
                    .containsExactly(fingerprint(a));
            assertThat(a.log() + b.log()).containsOnlyOnce("Created CA");
        }
    }

    @Test
    void theDatabaseHoldsTheCaKeyOnlyAsPbes2EncryptedPkcs8() throws Exception {
        String db = Database.fresh("atrest");
        Openssl openssl = Openssl.inTempDir();
        try (AppProcess app = app(db, PASSPHRASE).start().awaitReady(READY)) {
            openssl.write("ca.pem", given().baseUri(app.url()).get("/api/v1/ca/certificate").asString());
        }
        byte[] encrypted;
        try (Connection c = Database.connect(db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT encrypted_key FROM ca_certificates")) {
            assertThat(rs.next()).isTrue();
            encrypted = rs.getBytes(1);
        }
        openssl.writeBytes("key.der", encrypted);
        assertThat(openssl.ok("asn1parse", "-inform", "DER", "-in", "key.der"))
                .contains("PBES2", "PBKDF2", "hmacWithSHA256", "aes-256-cbc");
        // no unencrypted form of the key parses from the stored bytes
        assertThat(openssl.run("pkey", "-inform", "DER", "-in", "key.der", "-passin", "pass:").ok()).isFalse();
        assertThat(openssl.run("pkcs8", "-inform", "DER", "-in", "key.der", "-passin", "pass:not-it", "-out", "bad.pem").ok())
                .isFalse();

        openssl.ok("pkcs8", "-inform", "DER", "-in", "key.der", "-passin", "pass:" + PASSPHRASE, "-out", "key.pem");
        assertThat(openssl.ok("pkey", "-in", "key.pem", "-pubout"))
                .isEqualTo(openssl.ok("x509", "-in", "ca.pem", "-noout", "-pubkey"));
    }

    /** The refusal is one line of the output that says what to do, with no stack trace to bury it. */
    static void assertOneErrorLine(String log, String explanation) {
        assertThat(log.lines().filter(l -> l.contains(explanation))).as(log).hasSize(1);
        assertThat(log).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
    }
}
