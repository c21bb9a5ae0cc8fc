package io.portcullis.api;

import static io.portcullis.api.Lifecycle.ADMIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CaRenewalTest {

    final Openssl openssl = Openssl.inTempDir();

    @BeforeEach
    void clean() {
        Database.execute(Database.TEST_DB, "TRUNCATE certificates");
    }

    @Test
    void aRenewedCaKeepsOldLeavesVerifyingWithTheBundle() {
        Lifecycle.Issued before = Lifecycle.issue(openssl, "before", 30);
        openssl.write("old-ca.pem", given().get("/api/v1/ca/certificate").asString());
        String oldSerial = given().get("/api/v1/ca").path("serialNumber");
        String subject = given().get("/api/v1/ca").path("subject");

        given().post("/api/v1/ca/renew").then().statusCode(401);
        String newSerial = given().header("Authorization", ADMIN).post("/api/v1/ca/renew")
                .then().statusCode(201)
                .body("serialNumber", not(equalTo(oldSerial)))
                .body("subject", equalTo(subject))
                .extract().path("serialNumber");
        // committed with the new CA certificate: the trail names it, who renewed and from where
        given().header("Authorization", ADMIN).queryParam("action", "ca.renewed").get("/api/v1/audit")
                .then().statusCode(200)
                .body("items[0].target", equalTo(newSerial))
                .body("items[0].outcome", equalTo("success"))
                .body("items[0].actorId", equalTo("bootstrap-admin"))
                .body("items[0].remoteAddress", notNullValue());
        given().get("/api/v1/ca").then().body("serialNumber", not(equalTo(oldSerial)));
        openssl.write("new-ca.pem", given().get("/api/v1/ca/certificate").asString());
        Lifecycle.Issued after = Lifecycle.issue(openssl, "after", 30);

        String bundle = given().get("/api/v1/ca/bundle").then().statusCode(200).contentType("application/x-pem-file")
                .extract().asString();
        openssl.write("bundle.pem", bundle);
        assertThat(bundle.split("-----BEGIN CERTIFICATE-----", -1).length - 1).isGreaterThanOrEqualTo(2);
        assertThat(bundle).contains(openssl.read(openssl.dir().resolve("old-ca.pem")), openssl.read(openssl.dir().resolve("new-ca.pem")));
        assertThat(openssl.ok("x509", "-in", "new-ca.pem", "-noout", "-pubkey"))
                .isEqualTo(openssl.ok("x509", "-in", "old-ca.pem", "-noout", "-pubkey"));

        for (Lifecycle.Issued leaf : new Lifecycle.Issued[] {before, after}) {
            assertThat(openssl.ok("verify", "-CAfile", "bundle.pem", leaf.certificate().toString())).contains(": OK");
            assertThat(openssl.ok("verify", "-CAfile", "new-ca.pem", leaf.certificate().toString())).contains(": OK");
            assertThat(openssl.ok("verify", "-CAfile", "old-ca.pem", leaf.certificate().toString())).contains(": OK");
        }
        // the CRL published with the renewal verifies with either CA certificate and keeps leaves checkable
        Lifecycle.crlPem(openssl);
        assertThat(openssl.ok("crl", "-in", "crl.pem", "-CAfile", "new-ca.pem", "-noout")).contains("verify OK");
        assertThat(openssl.ok("verify", "-crl_check", "-CAfile", "bundle.pem", "-CRLfile", "crl.pem",
                before.certificate().toString())).contains(": OK");
        assertThat(Database.count("SELECT count(*) FROM crls WHERE reason = 'ca-renewal'")).isGreaterThanOrEqualTo(1);
    }
}
