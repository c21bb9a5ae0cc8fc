package io.portcullis.api;

import static io.portcullis.api.Lifecycle.ADMIN;
import static io.portcullis.api.Lifecycle.TRUSTED_PROXY_ADDRESS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Revocation covers the device: revoking any certificate of a renewal lineage revokes the others,
 * and keyCompromise every certificate of the key in any device, at once on the CRL and over OCSP.
 */
@QuarkusTest
class DeviceRevocationTest extends FreshCertificatesTest {

    @Test
    void keyCompromiseOfTheFirstCertificateRevokesItsRenewalsAndEveryDeviceWithTheKey() {
        // issued three weeks ago, so that its renewal window (the last third of 30 days) is open now
        clock.advance(Duration.ofDays(-21));
        Lifecycle.Issued a = Lifecycle.issue(openssl, "door", 30);
        Response adminRenewal = given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/api/v1/certificates/" + a.serial() + "/renew").then().statusCode(201).extract().response();
        Path b = openssl.write("b.crt", adminRenewal.path("certificate"));
        String bSerial = adminRenewal.path("serialNumber");
        clock.reset();
        Lifecycle.Reply holderRenewal = Lifecycle.postFrom(TRUSTED_PROXY_ADDRESS, "/api/v1/renew", openssl.read(b), "{}");
        assertThat(holderRenewal.status()).as(holderRenewal.body()).isEqualTo(201);
        Path c = openssl.write("c.crt", field(holderRenewal.body(), "certificate"));
        String cSerial = field(holderRenewal.body(), "serialNumber");
        // a second device with the same key, under another name
        Path sameKeyCsr = openssl.csr("twin", a.key(), "/CN=twin.home.example/O=Home");
        Response twin = given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("csr", openssl.read(sameKeyCsr), "validityDays", 30))
                .post("/api/v1/certificates").then().statusCode(201).extract().response();
        Path d = openssl.write("d.crt", twin.path("certificate"));
        Lifecycle.Issued other = Lifecycle.issue(openssl, "other", 30);

        Response revoked = given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("reason", "keyCompromise"))
                .post("/api/v1/certificates/" + a.serial() + "/revoke")
                .then().statusCode(200).body("serialNumber", equalTo(a.serial())).extract().response();

        // the CRL of the response lists all of them; the device of another key stays valid
        Lifecycle.caPem(openssl);
        Lifecycle.crlPem(openssl);
        for (Path revokedCertificate : List.of(a.certificate(), b, c, d)) {
            Openssl.Result verify = openssl.run("verify", "-crl_check", "-CAfile", "ca.pem", "-CRLfile", "crl.pem",
                    revokedCertificate.toString());
            assertThat(verify.ok()).as(revokedCertificate + ": " + verify.output()).isFalse();
            assertThat(verify.output()).contains("certificate revoked");
            assertThat(openssl.ok("ocsp", "-issuer", "ca.pem", "-CAfile", "ca.pem", "-cert", revokedCertificate.toString(),
                    "-url", ocspUrl())).contains("Response verify OK").contains(revokedCertificate.getFileName() + ": revoked");
        }
        assertThat(openssl.ok("verify", "-crl_check", "-CAfile", "ca.pem", "-CRLfile", "crl.pem",
                other.certificate().toString())).contains(": OK");
        assertThat(openssl.ok("ocsp", "-issuer", "ca.pem", "-CAfile", "ca.pem", "-cert", other.certificate().toString(),
                "-url", ocspUrl())).contains("other.crt: good");
        assertThat(Long.parseLong(openssl.ok("crl", "-in", "crl.pem", "-noout", "-crlnumber").trim()
                .replace("crlNumber=0x", ""), 16)).isEqualTo(Long.parseLong(revoked.path("crlNumber")));
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM crls WHERE number >= ?",
                Long.parseLong(revoked.path("crlNumber"))))
                .as("one CRL for the whole revocation").isEqualTo(1);

        assertThat((String) twin.path("deviceId")).isNotEqualTo(adminRenewal.path("deviceId"));
        assertThat(field(holderRenewal.body(), "deviceId")).isEqualTo(adminRenewal.path("deviceId"));
        assertThat(revoked.<List<String>>path("revokedSerialNumbers"))
                .containsExactlyInAnyOrder(a.serial(), bSerial, cSerial, twin.path("serialNumber"));
        assertThat(revoked.<List<String>>path("revokedDeviceIds"))
                .containsExactlyInAnyOrder(adminRenewal.path("deviceId"), twin.path("deviceId"));

        // the renewal no longer renews itself, and the key is never certified again
        Lifecycle.Reply again = Lifecycle.postFrom(TRUSTED_PROXY_ADDRESS, "/api/v1/renew", openssl.read(c), "{}");
        assertThat(again.status()).as(again.body()).isEqualTo(401);
        Path thirdCsr = openssl.csr("third", a.key(), "/CN=third.home.example");
        long certificates = Database.count("SELECT count(*) FROM certificates");
        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("csr", openssl.read(thirdCsr)))
                .post("/api/v1/certificates").then().statusCode(400)
                .body("type", equalTo("urn:ietf:params:acme:error:badPublicKey"));
        assertThat(Database.count("SELECT count(*) FROM certificates")).isEqualTo(certificates);
        assertThat(Database.count("SELECT count(*) FROM devices WHERE status = 'revoked'")).isEqualTo(2);
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM audit_events WHERE action = 'certificate.revoked' AND target = ?",
                a.serial())).isEqualTo(1);
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM audit_events WHERE action = 'device.revoked' AND target = ?",
                (String) twin.path("deviceId"))).isEqualTo(1);
    }

    @Test
    void revokingARenewalRevokesItsPredecessorAndTheDeviceButNoOtherDevice() {
        Lifecycle.Issued a = Lifecycle.issue(openssl, "lamp", 30);
        Response renewal = given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/api/v1/certificates/" + a.serial() + "/renew").then().statusCode(201).extract().response();
        Lifecycle.Issued sibling = Lifecycle.issue(openssl, "sibling", 30);
        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", "cessationOfOperation"))
                .post("/api/v1/certificates/" + renewal.path("serialNumber") + "/revoke").then().statusCode(200)
                .body("revokedSerialNumbers", equalTo(List.of(renewal.path("serialNumber"), a.serial())));
        Lifecycle.caPem(openssl);
        Lifecycle.crlPem(openssl);
        assertThat(openssl.run("verify", "-crl_check", "-CAfile", "ca.pem", "-CRLfile", "crl.pem",
                a.certificate().toString()).output()).contains("certificate revoked");
        assertThat(openssl.ok("verify", "-crl_check", "-CAfile", "ca.pem", "-CRLfile", "crl.pem",
                sibling.certificate().toString())).contains(": OK");
        given().header("Authorization", ADMIN).get("/api/v1/devices/" + renewal.path("deviceId"))
                .then().statusCode(200).body("status", equalTo("revoked"))
                .body("revocationReason", equalTo("cessationOfOperation"));
        // the certificate of a revoked device is already revoked, whichever serial is named
        given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/api/v1/certificates/" + a.serial() + "/revoke").then().statusCode(409)
                .body("type", equalTo("urn:ietf:params:acme:error:alreadyRevoked"));
    }

    @Test
    void aHolderRevokingItselfRevokesItsWholeDevice() {
        Lifecycle.Issued a = Lifecycle.issue(openssl, "watch", 30);
        String b = given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/api/v1/certificates/" + a.serial() + "/renew").then().statusCode(201).extract().path("serialNumber");
        Lifecycle.Reply reply = Lifecycle.postFrom(TRUSTED_PROXY_ADDRESS, "/api/v1/certificates/" + a.serial() + "/revoke",
                a.pem(), "{\"reason\":\"cessationOfOperation\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).contains("\"revokedBy\":\"holder:" + a.serial() + "\"").contains(b);
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates WHERE serial_number = ? "
                + "AND status = 'revoked'", b)).isEqualTo(1);
    }

    @Test
    void aRenewalRacingARevocationNeverOutlivesIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 8; i++) {
                Lifecycle.Issued a = Lifecycle.issue(openssl, "racer" + i, 30);
                Future<Integer> renewal = pool.submit(() -> given().header("Authorization", ADMIN)
                        .contentType("application/json").body("{}")
                        .post("/api/v1/certificates/" + a.serial() + "/renew").statusCode());
                Future<Integer> revocation = pool.submit(() -> given().header("Authorization", ADMIN)
                        .contentType("application/json").body("{}")
                        .post("/api/v1/certificates/" + a.serial() + "/revoke").statusCode());
                assertThat(renewal.get(60, TimeUnit.SECONDS)).isIn(201, 409);
                assertThat(revocation.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        // whichever committed first, a revoked device keeps no live certificate
        assertThat(Database.count("SELECT count(*) FROM certificates c JOIN devices d ON d.id = c.device_id "
                + "WHERE d.status = 'revoked' AND c.status = 'valid' AND c.not_after > now()")).isZero();
        assertThat(Database.count("SELECT count(*) FROM devices WHERE status = 'revoked'")).isEqualTo(8);
    }

    @Test
    void anIssuanceRacingAKeyCompromiseOfItsKeyIsRefusedOrRevokedWithIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            for (int round = 0; round < 5; round++) {
                Path key = openssl.key("hot" + round, "ec:P-256");
                String csr = openssl.read(openssl.csr("hot" + round, key, "/CN=hot" + round + ".home.example"));
                String first = given().header("Authorization", ADMIN).contentType("application/json")
                        .body(Map.of("csr", csr)).post("/api/v1/certificates").then().statusCode(201)
                        .extract().path("serialNumber");
                List<Future<Integer>> issuances = new java.util.ArrayList<>();
                Future<Integer> revocation = pool.submit(() -> given().header("Authorization", ADMIN)
                        .contentType("application/json").body(Map.of("reason", "keyCompromise"))
                        .post("/api/v1/certificates/" + first + "/revoke").statusCode());
                for (int i = 0; i < 4; i++) {
                    issuances.add(pool.submit(() -> given().header("Authorization", ADMIN).contentType("application/json")
                            .body(Map.of("csr", csr)).post("/api/v1/certificates").statusCode()));
                }
                assertThat(revocation.get(60, TimeUnit.SECONDS)).isEqualTo(200);
                for (Future<Integer> issuance : issuances) {
                    assertThat(issuance.get(60, TimeUnit.SECONDS)).isIn(201, 400);
                }
                String spki = Database.strings(Database.TEST_DB, "SELECT spki_sha256 FROM certificates WHERE serial_number = '"
                        + first + "'").get(0);
                assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates WHERE spki_sha256 = ? "
                        + "AND status = 'valid'", spki)).as("round " + round).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static String field(String json, String name) {
        return json.replaceAll("(?s).*\"" + name + "\":\"([^\"]+)\".*", "$1").replace("\\n", "\n");
    }

    private static String ocspUrl() {
        return "http://localhost:" + RestAssured.port + "/api/v1/ocsp";
    }
}
