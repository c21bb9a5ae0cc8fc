package io.portcullis.api;

import static io.portcullis.api.Lifecycle.ADMIN;
import static io.portcullis.api.Lifecycle.TRUSTED_PROXY_ADDRESS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.portcullis.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RenewalResourceTest extends FreshCertificatesTest {

    @Test
    void anAdministratorRenewsWithTheSameKeyAndNamesAndANewSerial() {
        Lifecycle.Issued original = Lifecycle.issue(openssl, "door", 30);
        Response response = given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("validityDays", 10))
                .post("/api/v1/certificates/" + original.serial() + "/renew")
                .then().statusCode(201)
                .body("serialNumber", not(equalTo(original.serial())))
                .body("subject", equalTo("O=Home,CN=door.home.example"))
                .body("subjectAltNames", equalTo(java.util.List.of("DNS:door.home.example", "IP:192.0.2.7")))
                .body("renews", equalTo(original.serial()))
                .extract().response();
        String renewedSerial = response.path("serialNumber");
        assertThat(response.header("Location")).isEqualTo("/api/v1/certificates/" + renewedSerial);
        openssl.write("renewed.crt", response.path("certificate"));
        Lifecycle.caPem(openssl);

        assertThat(openssl.ok("verify", "-CAfile", "ca.pem", "renewed.crt")).contains("renewed.crt: OK");
        assertThat(openssl.ok("x509", "-in", "renewed.crt", "-noout", "-pubkey"))
                .isEqualTo(openssl.ok("x509", "-in", original.certificate().toString(), "-noout", "-pubkey"));
        assertThat(openssl.ok("x509", "-in", "renewed.crt", "-noout", "-subject"))
                .isEqualTo(openssl.ok("x509", "-in", original.certificate().toString(), "-noout", "-subject"));
        Instant notAfter = Instant.parse(response.path("notAfter"));
        assertThat(Duration.between(Instant.now(), notAfter)).isBetween(Duration.ofDays(10).minusMinutes(5), Duration.ofDays(10));
        assertThat(Database.strings(Database.TEST_DB, "SELECT renews FROM certificates WHERE serial_number = '"
                + renewedSerial + "'")).containsExactly(original.serial());
        given().header("Authorization", ADMIN).get("/api/v1/certificates/" + renewedSerial)
                .then().statusCode(200).body("renews", equalTo(original.serial()));
        given().header("Authorization", ADMIN).get("/api/v1/certificates/" + original.serial())
                .then().statusCode(200).body("renews", nullValue());
    }

    @Test
    void withoutValidityDaysTheRenewalKeepsTheOriginalLifetimeAndExpiredCertificatesRenew() {
        Lifecycle.Issued original = Lifecycle.issue(openssl, "late", 3);
        clock.advance(Duration.ofDays(5));
        Response response = given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/api/v1/certificates/" + original.serial() + "/renew")
                .then().statusCode(201).body("status", equalTo("valid")).extract().response();
        Duration lifetime = Duration.between(Instant.parse(response.path("notBefore")), Instant.parse(response.path("notAfter")));
        assertThat(lifetime).isEqualTo(Duration.ofDays(3).plusMinutes(1));
    }

    @Test
    void aRevokedCertificateIsNeverRenewed() {
        Lifecycle.Issued original = Lifecycle.issue(openssl, "gone", 30);
        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", "keyCompromise"))
                .post("/api/v1/certificates/" + original.serial() + "/revoke").then().statusCode(200);
        given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/api/v1/certificates/" + original.serial() + "/renew")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:ietf:params:acme:error:alreadyRevoked"));
        given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/api/v1/certificates/abcdef0123456789/renew").then().statusCode(404);
        given().contentType("application/json").body("{}")
                .post("/api/v1/certificates/" + original.serial() + "/renew").then().statusCode(401);
        assertThat(Database.count("SELECT count(*) FROM certificates")).isEqualTo(1);
    }

    @Test
    void aDeviceRenewsItselfThroughTheTrustedProxyHeader() {
        // issued three weeks ago: now it is inside its renewal window, the last third of its lifetime
        clock.advance(Duration.ofDays(-21));
        Lifecycle.Issued original = Lifecycle.issue(openssl, "sensor", 30);
        clock.reset();
        Lifecycle.Reply reply = Lifecycle.postFrom(TRUSTED_PROXY_ADDRESS, "/api/v1/renew", original.pem(), "{}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(reply.body()).contains("\"renews\":\"" + original.serial() + "\"");
        String certificate = reply.body().replaceAll("(?s).*\"certificate\":\"([^\"]+)\".*", "$1").replace("\\n", "\n");
        openssl.write("renewed.crt", certificate);
        Lifecycle.caPem(openssl);
        assertThat(openssl.ok("verify", "-CAfile", "ca.pem", "renewed.crt")).contains("OK");
        assertThat(openssl.ok("x509", "-in", "renewed.crt", "-noout", "-pubkey"))
                .isEqualTo(openssl.ok("x509", "-in", original.certificate().toString(), "-noout", "-pubkey"));
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates WHERE renews = ? AND issued_by = ?",
                original.serial(), "holder:" + original.serial())).isEqualTo(1);
    }

    @Test
    void aForgedHeaderFromAnUntrustedAddressIsIgnored() {
        Lifecycle.Issued original = Lifecycle.issue(openssl, "victim", 30);
        given().header("ssl-client-cert", Lifecycle.escaped(original.pem()))
                .header("X-Forwarded-For", TRUSTED_PROXY_ADDRESS)
                .contentType("application/json").body("{}")
                .post("/api/v1/renew")
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("urn:ietf:params:acme:error:unauthorized"));
        // from the trusted proxy, garbage and certificates of another CA are refused too
        assertThat(Lifecycle.postFrom(TRUSTED_PROXY_ADDRESS, "/api/v1/renew", "not a certificate", "{}").status()).isEqualTo(401);
        openssl.ok("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "rogue.key",
                "-subj", "/CN=victim.home.example/O=Home", "-days", "2", "-out", "rogue.crt");
        assertThat(Lifecycle.postFrom(TRUSTED_PROXY_ADDRESS, "/api/v1/renew", openssl.read(openssl.dir().resolve("rogue.crt")), "{}")
                .status()).isEqualTo(401);
        assertThat(Database.count("SELECT count(*) FROM certificates")).isEqualTo(1);
    }

    @Test
    void renewalInfoSuggestsTheLastThirdOrNowWhenSuperseded() {
        Lifecycle.Issued issued = Lifecycle.issue(openssl, "ari", 30);
        Response info = given().get("/api/v1/certificates/" + issued.serial() + "/renewal-info")
                .then().statusCode(200).header("Retry-After", "21600").extract().response();
        Instant start = Instant.parse(info.path("suggestedWindow.start"));
        Instant end = Instant.parse(info.path("suggestedWindow.end"));
        assertThat(Duration.between(Instant.now(), start)).isBetween(Duration.ofDays(20).minusMinutes(5), Duration.ofDays(20));
        assertThat(Duration.between(Instant.now(), end)).isBetween(Duration.ofDays(30).minusMinutes(5), Duration.ofDays(30));

        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", "superseded"))
                .post("/api/v1/certificates/" + issued.serial() + "/revoke").then().statusCode(200);
        Instant nowStart = Instant.parse(given().get("/api/v1/certificates/" + issued.serial() + "/renewal-info")
                .then().statusCode(200).extract().path("suggestedWindow.start"));
        assertThat(Duration.between(nowStart, Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
        given().get("/api/v1/certificates/0123456789abcdef/renewal-info").then().statusCode(404);
    }
}
