package io.portcullis.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.portcullis.ca.trust.CrlPublisher;
import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.portcullis.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CrlResourceTest {

    final Openssl openssl = Openssl.inTempDir();

    @Inject
    TestClock clock;

    @Inject
    CrlPublisher publisher;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void servesAV2CrlSignedByTheCaThatOpensslVerifies() throws Exception {
        Response response = given().get("/api/v1/crl").then().statusCode(200)
                .contentType("application/pkix-crl")
                .header("ETag", startsWith("\"crl-"))
                .header("Cache-Control", containsString("max-age="))
                .extract().response();
        Files.write(openssl.dir().resolve("crl.der"), response.asByteArray());
        String caPem = given().get("/api/v1/ca/certificate").asString();
        openssl.write("ca.pem", caPem);

        String verified = openssl.ok("crl", "-inform", "DER", "-in", "crl.der", "-CAfile", "ca.pem", "-noout");
        assertThat(verified).contains("verify OK");
        String text = openssl.ok("crl", "-inform", "DER", "-in", "crl.der", "-noout", "-text");
        assertThat(text).contains("Version 2", "X509v3 CRL Number", "X509v3 Authority Key Identifier",
                "Next Update", "Signature Algorithm: ecdsa-with-SHA256");

        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        X509CRL crl = (X509CRL) x509.generateCRL(new ByteArrayInputStream(response.asByteArray()));
        X509Certificate ca = (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(caPem.getBytes()));
        assertThat(crl.getIssuerX500Principal().getEncoded()).isEqualTo(ca.getSubjectX500Principal().getEncoded());
        crl.verify(ca.getPublicKey());
        long maxAge = Long.parseLong(response.header("Cache-Control").replaceAll(".*max-age=(\\d+).*", "$1"));
        long untilNextUpdate = Duration.between(java.time.Instant.now(), crl.getNextUpdate().toInstant()).getSeconds();
        assertThat(maxAge).isBetween(untilNextUpdate - 5, untilNextUpdate + 5);
        assertThat(Duration.between(crl.getThisUpdate().toInstant(), crl.getNextUpdate().toInstant())).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void conditionalGetAnswers304AndPemIsAvailableTwoWays() {
        Response first = given().get("/api/v1/crl").then().statusCode(200)
                .header("Expires", org.hamcrest.Matchers.matchesPattern("\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"))
                .header("Last-Modified", org.hamcrest.Matchers.endsWith("GMT"))
                .extract().response();
        given().header("If-None-Match", first.header("ETag")).get("/api/v1/crl").then().statusCode(304);
        given().header("If-Modified-Since", first.header("Last-Modified")).get("/api/v1/crl").then().statusCode(304);

        String pem = given().accept("application/x-pem-file").get("/api/v1/crl").then().statusCode(200)
                .contentType("application/x-pem-file").extract().asString();
        assertThat(pem).startsWith("-----BEGIN X509 CRL-----");
        given().get("/api/v1/crl.pem").then().statusCode(200).contentType("application/x-pem-file")
                .body(equalTo(pem));
        openssl.write("crl.pem", pem);
        openssl.write("ca.pem", given().get("/api/v1/ca/certificate").asString());
        assertThat(openssl.ok("crl", "-in", "crl.pem", "-CAfile", "ca.pem", "-noout")).contains("verify OK");
    }

    @Test
    void crlNumbersStrictlyIncrease() {
        long before = crlNumber(given().get("/api/v1/crl").asByteArray());
        publisher.publish("test");
        long middle = crlNumber(given().get("/api/v1/crl").asByteArray());
        publisher.publish("test");
        long after = crlNumber(given().get("/api/v1/crl").asByteArray());
        assertThat(middle).isGreaterThan(before);
        assertThat(after).isGreaterThan(middle);
        assertThat(Database.count("SELECT count(*) FROM crls WHERE number > ?", before)).isEqualTo(after - before);
    }

    @Test
    void theScheduleRefreshesTheCrlAtHalfLifeWithoutAnyRevocation() throws Exception {
        publisher.publish("test");
        long published = Database.count("SELECT max(number) FROM crls");
        Thread.sleep(2500); // two scheduler ticks: nothing is due yet
        assertThat(Database.count("SELECT max(number) FROM crls")).isEqualTo(published);

        clock.advance(Duration.ofDays(3).plusHours(12).plusMinutes(1));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Database.count("SELECT max(number) FROM crls") == published && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(Database.count("SELECT count(*) FROM crls WHERE number > ? AND reason = 'crl-refresh'", published))
                .isEqualTo(1);
        String metrics = given().get("/q/metrics").asString();
        assertThat(metric(metrics, "portcullis_crl_number")).isEqualTo(published + 1);
        assertThat(metric(metrics, "portcullis_crl_seconds_until_next_update"))
                .isBetween(Duration.ofDays(7).getSeconds() - 60, Duration.ofDays(7).getSeconds());
        clock.reset();
        publisher.publish("test"); // leave a CRL valid in real time for the other tests
    }

    @Test
    void aRevokedEntryStaysUntilOneCrlAfterItsCertificateExpired() throws Exception {
        Database.execute(Database.TEST_DB, "TRUNCATE certificates");
        Lifecycle.Issued shortLived = Lifecycle.issue(openssl, "brief", 1);
        given().header("Authorization", Lifecycle.ADMIN).contentType("application/json").body(java.util.Map.of("reason", "superseded"))
                .post("/api/v1/certificates/" + shortLived.serial() + "/revoke").then().statusCode(200);
        java.math.BigInteger serial = new java.math.BigInteger(shortLived.serial(), 16);
        try {
            clock.advance(Duration.ofDays(2));
            assertThat(parse(publisher.publish("test").der()).getRevokedCertificate(serial))
                    .as("the first CRL after expiry still lists it").isNotNull();
            assertThat(parse(publisher.publish("test").der()).getRevokedCertificate(serial))
                    .as("the CRL after that no longer does").isNull();
        } finally {
            clock.reset();
            publisher.publish("test");
        }
    }

    @Test
    void aLargeCrlIsStreamedAndVerifies() throws Exception {
        Database.execute(Database.TEST_DB, "TRUNCATE certificates, devices");
        Database.execute(Database.TEST_DB, """
                INSERT INTO devices (id, status, subject, key_algorithm, spki_sha256, enrolled_by, initial_lifetime_seconds,
                    current_serial, created_at, revoked_at, revocation_reason)
                VALUES ('bulk', 'revoked', 'CN=bulk', 'EC-P256', 'x', 'test', 86400, '1', now(), now(), 'unspecified')""");
        Database.execute(Database.TEST_DB, """
                INSERT INTO certificates (serial_number, status, subject, not_before, not_after, key_algorithm, spki_sha256,
                    sha256_fingerprint, certificate, csr, issued_by, issued_at, revoked_at, revocation_reason, revoked_by,
                    device_id)
                SELECT '1' || substr(md5(i::text), 1, 31), 'revoked', 'CN=bulk', now() - interval '1 day',
                    now() + interval '30 days', 'EC-P256', 'x', md5(i::text), '\\x00', '\\x00', 'test', now(), now(),
                    CASE WHEN i % 2 = 0 THEN 'keyCompromise' ELSE 'unspecified' END, 'test', 'bulk'
                FROM generate_series(1, 20000) i""");
        byte[] der = publisher.publish("test").der();
        assertThat(parse(der).getRevokedCertificates()).hasSize(20000);
        Files.write(openssl.dir().resolve("big.der"), der);
        Lifecycle.caPem(openssl);
        assertThat(openssl.ok("crl", "-inform", "DER", "-in", "big.der", "-CAfile", "ca.pem", "-noout")).contains("verify OK");
        Database.execute(Database.TEST_DB, "TRUNCATE certificates, devices");
        publisher.publish("test");
    }

    private static X509CRL parse(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }

    private long crlNumber(byte[] der) {
        try {
            Files.write(openssl.dir().resolve("n.der"), der);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        String text = openssl.ok("crl", "-inform", "DER", "-in", "n.der", "-noout", "-crlnumber");
        return Long.parseLong(text.trim().replace("crlNumber=0x", ""), 16);
    }

    private static long metric(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.E+-]+)$").matcher(metrics);
        assertThat(m.find()).as(name + " in " + metrics).isTrue();
        return (long) Double.parseDouble(m.group(2));
    }
}
