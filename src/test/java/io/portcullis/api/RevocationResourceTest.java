package io.portcullis.api;

import static io.portcullis.api.Lifecycle.ADMIN;
import static io.portcullis.api.Lifecycle.TRUSTED_PROXY_ADDRESS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RevocationResourceTest extends FreshCertificatesTest {

    @Test
    void aRevokedCertificateFailsOpensslCrlCheckAndTheOthersPass() {
        Lifecycle.Issued revoked = Lifecycle.issue(openssl, "lost", 30);
        Lifecycle.Issued kept = Lifecycle.issue(openssl, "kept", 30);

        String crlNumber = given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("reason", "keyCompromise"))
                .post("/api/v1/certificates/" + revoked.serial() + "/revoke")
                .then().statusCode(200)
                .body("serialNumber", equalTo(revoked.serial()))
                .body("status", equalTo("revoked"))
                .body("reason", equalTo("keyCompromise"))
                .body("revokedBy", equalTo("admin:bootstrap-admin"))
                .extract().path("crlNumber");

        // the response came after the CRL was published: the very next fetch lists the revocation
        Lifecycle.caPem(openssl);
        Lifecycle.crlPem(openssl);
        assertThat(Long.parseLong(openssl.ok("crl", "-in", "crl.pem", "-noout", "-crlnumber").trim()
                .replace("crlNumber=0x", ""), 16)).isEqualTo(Long.parseLong(crlNumber));
        Openssl.Result result = openssl.run("verify", "-crl_check", "-CAfile", "ca.pem", "-CRLfile", "crl.pem",
                revoked.certificate().toString());
        assertThat(result.ok()).isFalse();
        assertThat(result.output()).contains("certificate revoked");
        assertThat(openssl.ok("verify", "-crl_check", "-CAfile", "ca.pem", "-CRLfile", "crl.pem", kept.certificate().toString()))
                .contains(": OK");

        String text = openssl.ok("crl", "-in", "crl.pem", "-noout", "-text");
        assertThat(text).containsPattern("(?i)Serial Number: 0*" + revoked.serial()).contains("Key Compromise");
        assertThat(Database.count("SELECT count(*) FROM certificates WHERE status = 'revoked' AND revocation_reason = 'keyCompromise'"))
                .isEqualTo(1);
        given().header("Authorization", ADMIN).get("/api/v1/certificates/" + revoked.serial())
                .then().statusCode(200).body("status", equalTo("revoked"));
    }

    @Test
    void unspecifiedHasNoReasonCodeAndAMissingReasonMeansUnspecified() {
        Lifecycle.Issued issued = Lifecycle.issue(openssl, "plain", 30);
        given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/api/v1/certificates/" + issued.serial() + "/revoke")
                .then().statusCode(200).body("reason", equalTo("unspecified"));
        Lifecycle.crlPem(openssl);
        String text = openssl.ok("crl", "-in", "crl.pem", "-noout", "-text");
        assertThat(text).containsPattern("(?i)Serial Number: 0*" + issued.serial()).doesNotContain("CRL Reason Code");
    }

    @Test
    void refusalsLeaveTheCertificateValidAndPublishNoCrl() {
        Lifecycle.Issued issued = Lifecycle.issue(openssl, "safe", 30);
        long crls = Database.count("SELECT count(*) FROM crls");
        for (String reason : new String[] {"certificateHold", "removeFromCRL", "cACompromise", "KEYCOMPROMISE", ""}) {
            given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", reason))
                    .post("/api/v1/certificates/" + issued.serial() + "/revoke")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("urn:ietf:params:acme:error:badRevocationReason"));
        }
        given().contentType("application/json").body(Map.of("reason", "superseded"))
                .post("/api/v1/certificates/" + issued.serial() + "/revoke")
                .then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer wrong-token").contentType("application/json").body(Map.of("reason", "superseded"))
                .post("/api/v1/certificates/" + issued.serial() + "/revoke")
                .then().statusCode(401);
        // a forged forwarded certificate from an address that is no trusted proxy is ignored
        given().header("ssl-client-cert", Lifecycle.escaped(issued.pem())).contentType("application/json")
                .body(Map.of("reason", "superseded"))
                .post("/api/v1/certificates/" + issued.serial() + "/revoke")
                .then().statusCode(401).body("type", equalTo("urn:ietf:params:acme:error:unauthorized"));
        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", "superseded"))
                .post("/api/v1/certificates/1234567890abcdef/revoke")
                .then().statusCode(404).contentType("application/problem+json");

        assertThat(Database.count("SELECT count(*) FROM certificates WHERE status = 'valid'")).isEqualTo(1);
        assertThat(Database.count("SELECT count(*) FROM crls")).isEqualTo(crls);
    }

    @Test
    void revokingTwiceIsAConflict() {
        Lifecycle.Issued issued = Lifecycle.issue(openssl, "twice", 30);
        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", "superseded"))
                .post("/api/v1/certificates/" + issued.serial() + "/revoke").then().statusCode(200);
        long crls = Database.count("SELECT count(*) FROM crls");
        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", "keyCompromise"))
                .post("/api/v1/certificates/" + issued.serial() + "/revoke")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:ietf:params:acme:error:alreadyRevoked"));
        assertThat(Database.count("SELECT count(*) FROM crls")).isEqualTo(crls);
        assertThat(Database.count("SELECT count(*) FROM certificates WHERE revocation_reason = 'superseded'")).isEqualTo(1);
    }

    @Test
    void anExpiredCertificateCanBeRevoked() {
        Lifecycle.Issued issued = Lifecycle.issue(openssl, "old", 1);
        clock.advance(Duration.ofDays(2));
        given().header("Authorization", ADMIN).get("/api/v1/certificates/" + issued.serial())
                .then().body("status", equalTo("expired"));
        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", "cessationOfOperation"))
                .post("/api/v1/certificates/" + issued.serial() + "/revoke")
                .then().statusCode(200).body("reason", equalTo("cessationOfOperation"));
    }

    @Test
    void theHolderRevokesItselfThroughATrustedProxyButNoOtherCertificate() {
        Lifecycle.Issued self = Lifecycle.issue(openssl, "self", 30);
        Lifecycle.Issued other = Lifecycle.issue(openssl, "other", 30);

        Lifecycle.Reply forbidden = Lifecycle.postFrom(TRUSTED_PROXY_ADDRESS, "/api/v1/certificates/" + other.serial() + "/revoke",
                self.pem(), "{\"reason\":\"keyCompromise\"}");
        assertThat(forbidden.status()).isEqualTo(403);
        Lifecycle.Reply revoked = Lifecycle.postFrom(TRUSTED_PROXY_ADDRESS, "/api/v1/certificates/" + self.serial() + "/revoke",
                self.pem(), "{\"reason\":\"keyCompromise\"}");
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.body()).contains("\"revokedBy\":\"holder:" + self.serial() + "\"");
        // once revoked, the certificate no longer authenticates anything
        Lifecycle.Reply again = Lifecycle.postFrom(TRUSTED_PROXY_ADDRESS, "/api/v1/renew", self.pem(), "{}");
        assertThat(again.status()).isEqualTo(401);
        assertThat(Database.count("SELECT count(*) FROM certificates WHERE status = 'valid'")).isEqualTo(1);
    }

    @Test
    void anIssuerManagesOnlyCertificatesWithinItsNames() {
        EnrollmentApi.reset();
        // DNS globs admit DNS names only; the certificate's IP name needs allowedIps
        String mine = "Bearer " + given().header("Authorization", EnrollmentApi.ADMIN).contentType("application/json")
                .body(java.util.Map.of("name", "mine", "role", "issuer", "allowedNames", java.util.List.of("*.home.example"),
                        "allowedIps", java.util.List.of("192.0.2.7"), "maxValidityDays", 90))
                .post("/api/v1/credentials").then().statusCode(201).extract().<String>path("token");
        String elsewhere = "Bearer " + EnrollmentApi.credential("issuer", java.util.List.of("*.garden.example"), 90);
        Lifecycle.Issued door = Lifecycle.issue(openssl, "door", 30);

        given().header("Authorization", elsewhere).contentType("application/json").body("{\"reason\":\"superseded\"}")
                .post("/api/v1/certificates/" + door.serial() + "/revoke")
                .then().statusCode(403).body("type", equalTo("urn:ietf:params:acme:error:rejectedIdentifier"));
        given().header("Authorization", elsewhere).contentType("application/json").body("{}")
                .post("/api/v1/certificates/" + door.serial() + "/renew")
                .then().statusCode(403);
        assertThat(Database.count("SELECT count(*) FROM certificates WHERE status = 'revoked'")).isZero();

        given().header("Authorization", mine).contentType("application/json").body("{}")
                .post("/api/v1/certificates/" + door.serial() + "/renew")
                .then().statusCode(201);
        given().header("Authorization", mine).contentType("application/json").body("{\"reason\":\"superseded\"}")
                .post("/api/v1/certificates/" + door.serial() + "/revoke")
                .then().statusCode(200);
        // the renewal belongs to the same device and is revoked with it
        assertThat(Database.count("SELECT count(*) FROM certificates WHERE status = 'revoked'")).isEqualTo(2);
    }
}
