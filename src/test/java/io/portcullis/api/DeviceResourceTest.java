package io.portcullis.api;

import static io.portcullis.api.Lifecycle.ADMIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/devices}: listing, one device with its lineage, and revoking a device as a whole. */
@QuarkusTest
class DeviceResourceTest extends FreshCertificatesTest {

    @BeforeEach
    void emptyEnrollment() {
        EnrollmentApi.reset();
    }

    @Test
    void aDeviceShowsWhatEnrolledItAndItsCertificatesNewestFirst() {
        Lifecycle.Issued a = Lifecycle.issue(openssl, "door", 30);
        String b = renew(a.serial());
        String c = renew(b);
        String device = given().header("Authorization", ADMIN).get("/api/v1/certificates/" + a.serial())
                .then().statusCode(200).extract().path("deviceId");
        given().header("Authorization", ADMIN).get("/api/v1/devices/" + device).then().statusCode(200)
                .body("id", equalTo(device)).body("status", equalTo("active"))
                .body("commonName", equalTo("door.home.example"))
                .body("subjectAltNames", equalTo(List.of("DNS:door.home.example", "IP:192.0.2.7")))
                .body("enrolledBy", equalTo("admin:bootstrap-admin")).body("credentialId", nullValue())
                .body("maxLifetimeSeconds", nullValue()).body("initialLifetimeSeconds", equalTo(30 * 86_400))
                .body("currentSerialNumber", equalTo(c))
                .body("spkiSha256", equalTo(Database.strings(Database.TEST_DB,
                        "SELECT spki_sha256 FROM certificates WHERE serial_number = '" + a.serial() + "'").get(0)))
                .body("certificates.serialNumber", equalTo(List.of(c, b, a.serial())));
        assertThat(Database.count("SELECT count(*) FROM devices")).isEqualTo(1);
    }

    @Test
    void theListFiltersByNameAndStatusAndAnIssuerSeesOnlyItsNames() {
        String issuer = "Bearer " + EnrollmentApi.credential("issuer", List.of("*.ci.example"), 7);
        Lifecycle.Issued door = Lifecycle.issue(openssl, "door", 30);
        String runner = given().header("Authorization", issuer).contentType("application/json")
                .body(Map.of("csr", openssl.read(openssl.newCsr("runner", "ec:P-256", "/CN=runner1.ci.example",
                        "-addext", "subjectAltName=DNS:runner1.ci.example"))))
                .post("/api/v1/certificates").then().statusCode(201).extract().path("deviceId");
        Lifecycle.Issued lamp = Lifecycle.issue(openssl, "lamp", 30);
        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", "superseded"))
                .post("/api/v1/certificates/" + lamp.serial() + "/revoke").then().statusCode(200);

        given().header("Authorization", ADMIN).get("/api/v1/devices").then().statusCode(200)
                .body("total", equalTo(3)).body("items.commonName",
                        equalTo(List.of("lamp.home.example", "runner1.ci.example", "door.home.example")));
        given().header("Authorization", ADMIN).queryParam("name", "DOOR.home.example").get("/api/v1/devices")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].currentSerialNumber", equalTo(door.serial()));
        given().header("Authorization", ADMIN).queryParam("name", "192.0.2.7").get("/api/v1/devices")
                .then().statusCode(200).body("total", equalTo(2));
        given().header("Authorization", ADMIN).queryParam("status", "revoked").get("/api/v1/devices")
                .then().statusCode(200).body("items.commonName", equalTo(List.of("lamp.home.example")));
        given().header("Authorization", ADMIN).queryParam("status", "active").queryParam("size", 1).queryParam("page", 1)
                .get("/api/v1/devices").then().statusCode(200).body("total", equalTo(2)).body("items", hasSize(1))
                .body("items[0].commonName", equalTo("door.home.example"));

        given().header("Authorization", issuer).get("/api/v1/devices").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(runner))
                .body("items[0].maxLifetimeSeconds", equalTo(7 * 86_400));
        given().header("Authorization", issuer).get("/api/v1/devices/" + runner).then().statusCode(200);
        String doorDevice = device(door.serial());
        given().header("Authorization", issuer).get("/api/v1/devices/" + doorDevice).then().statusCode(404);
        given().header("Authorization", issuer).contentType("application/json").body("{}")
                .post("/api/v1/devices/" + doorDevice + "/revoke").then().statusCode(404);
        assertThat(Database.count("SELECT count(*) FROM certificates WHERE status = 'revoked'")).isEqualTo(1);

        for (String bad : new String[] {"status=gone", "page=-1", "size=0", "size=501"}) {
            given().header("Authorization", ADMIN).get("/api/v1/devices?" + bad).then().statusCode(400)
                    .contentType("application/problem+json").body("type", equalTo("urn:ietf:params:acme:error:malformed"));
        }
        given().get("/api/v1/devices").then().statusCode(401);
        String enrollment = EnrollmentApi.token("x.home.example").path("token");
        given().header("Authorization", "Bearer " + enrollment).get("/api/v1/devices").then().statusCode(403);
    }

    @Test
    void revokingADeviceRevokesItsLiveCertificatesWithOneCrlAndAnAuditRow() {
        Lifecycle.Issued a = Lifecycle.issue(openssl, "gate", 30);
        String b = renew(a.serial());
        String device = device(a.serial());
        Lifecycle.Issued other = Lifecycle.issue(openssl, "other", 30);
        long crls = Database.count("SELECT count(*) FROM crls");

        for (String reason : new String[] {"certificateHold", "nonsense"}) {
            given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", reason))
                    .post("/api/v1/devices/" + device + "/revoke").then().statusCode(400)
                    .body("type", equalTo("urn:ietf:params:acme:error:badRevocationReason"));
        }
        given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/api/v1/devices/00000000-0000-4000-8000-000000000000/revoke").then().statusCode(404);
        given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/api/v1/devices/not-a-device/revoke").then().statusCode(404);
        String auditor = "Bearer " + EnrollmentApi.credential("auditor", null, null);
        given().header("Authorization", auditor).contentType("application/json").body("{}")
                .post("/api/v1/devices/" + device + "/revoke").then().statusCode(403);
        assertThat(Database.count("SELECT count(*) FROM certificates WHERE status = 'revoked'")).isZero();
        assertThat(Database.count("SELECT count(*) FROM crls")).isEqualTo(crls);

        Response revoked = given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("reason", "privilegeWithdrawn")).post("/api/v1/devices/" + device + "/revoke")
                .then().statusCode(200).body("id", equalTo(device)).body("status", equalTo("revoked"))
                .body("reason", equalTo("privilegeWithdrawn")).body("revokedBy", equalTo("admin:bootstrap-admin"))
                .extract().response();
        assertThat(revoked.<List<String>>path("revokedSerialNumbers")).containsExactlyInAnyOrder(a.serial(), b);
        assertThat(revoked.<List<String>>path("revokedDeviceIds")).containsExactly(device);
        Lifecycle.caPem(openssl);
        Lifecycle.crlPem(openssl);
        assertThat(Long.parseLong(openssl.ok("crl", "-in", "crl.pem", "-noout", "-crlnumber").trim()
                .replace("crlNumber=0x", ""), 16)).isEqualTo(Long.parseLong(revoked.path("crlNumber")));
        Openssl.Result verify = openssl.run("verify", "-crl_check", "-CAfile", "ca.pem", "-CRLfile", "crl.pem",
                a.certificate().toString());
        assertThat(verify.output()).contains("certificate revoked");
        assertThat(openssl.ok("verify", "-crl_check", "-CAfile", "ca.pem", "-CRLfile", "crl.pem",
                other.certificate().toString())).contains(": OK");
        assertThat(Database.count("SELECT count(*) FROM crls")).isEqualTo(crls + 1);
        assertThat(EnrollmentApi.auditRows("device.revoked", device)).isEqualTo(1);

        given().header("Authorization", auditor).get("/api/v1/devices/" + device).then().statusCode(200)
                .body("status", equalTo("revoked")).body("certificates.status", equalTo(List.of("revoked", "revoked")));
        given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/api/v1/devices/" + device + "/revoke").then().statusCode(409)
                .body("type", equalTo("urn:ietf:params:acme:error:alreadyRevoked"));
        given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/api/v1/certificates/" + b + "/renew").then().statusCode(409);
    }

    private static String renew(String serial) {
        return given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/api/v1/certificates/" + serial + "/renew").then().statusCode(201).extract().path("serialNumber");
    }

    private static String device(String serial) {
        return given().header("Authorization", ADMIN).get("/api/v1/certificates/" + serial).then().statusCode(200)
                .extract().path("deviceId");
    }
}
