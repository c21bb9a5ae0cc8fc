package io.portcullis.api;

import static io.portcullis.api.Lifecycle.ADMIN;
import static io.portcullis.api.Lifecycle.TRUSTED_PROXY_ADDRESS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.portcullis.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Renewal stays inside what enrolled the device: the enrolment's lifetime cap (an explicit request
 * beyond it is refused, the default is capped), the issuer credential's existence for the holder's
 * own renewals, the renewal window for the holder, and one line of certificates per device.
 */
@QuarkusTest
class DeviceRenewalPolicyTest extends FreshCertificatesTest {

    @BeforeEach
    void emptyEnrollment() {
        EnrollmentApi.reset();
    }

    @Test
    void aTokenDevicesRenewalNeverExceedsTheTokensThirtyDays() {
        clock.advance(Duration.ofDays(-21)); // enrolled three weeks ago: inside its renewal window now
        Response token = EnrollmentApi.token("door.home.example", "validityDays", 30);
        String csr = openssl.read(openssl.newCsr("door", "ec:P-256", "/CN=door.home.example"));
        Response order = EnrollmentApi.order(token.path("token"), csr).then().statusCode(201).extract().response();
        String chain = order.path("certificate");
        String serial = order.path("serialNumber");
        clock.reset();
        long rows = Database.count("SELECT count(*) FROM certificates");

        Lifecycle.Reply tooLong = Lifecycle.postFrom(TRUSTED_PROXY_ADDRESS, "/api/v1/renew", leaf(chain), "{\"validityDays\": 398}");
        assertThat(tooLong.status()).as(tooLong.body()).isEqualTo(403);
        assertThat(tooLong.body()).contains("urn:ietf:params:acme:error:unauthorized").contains("at most 30 days");
        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("validityDays", 398))
                .post("/api/v1/certificates/" + serial + "/renew").then().statusCode(403)
                .body("type", equalTo("urn:ietf:params:acme:error:unauthorized")).body("detail", containsString("30 days"));
        assertThat(Database.count("SELECT count(*) FROM certificates")).as("a refusal leaves no row").isEqualTo(rows);

        Lifecycle.Reply renewed = Lifecycle.postFrom(TRUSTED_PROXY_ADDRESS, "/api/v1/renew", leaf(chain), "{}");
        assertThat(renewed.status()).as(renewed.body()).isEqualTo(201);
        assertThat(lifetime(renewed.body())).isLessThanOrEqualTo(Duration.ofDays(30).plusMinutes(1));
        given().header("Authorization", ADMIN).get("/api/v1/devices/" + DeviceRevocationTest.field(renewed.body(), "deviceId"))
                .then().statusCode(200).body("tokenId", equalTo(token.path("id")))
                .body("orderId", equalTo(order.path("id"))).body("maxLifetimeSeconds", equalTo(30 * 86_400))
                .body("certificates.serialNumber", equalTo(List.of(DeviceRevocationTest.field(renewed.body(), "serialNumber"), serial)));
    }

    @Test
    void anIssuersSevenDayCapBindsItsDevices() {
        Response credential = EnrollmentApi.createCredential("ci", "issuer", List.of("*.ci.example"), 7);
        Response issued = issuedFiveDaysAgo("Bearer " + credential.path("token"));
        String serial = issued.path("serialNumber");
        long rows = Database.count("SELECT count(*) FROM certificates");

        Lifecycle.Reply tooLong = Lifecycle.postFrom(TRUSTED_PROXY_ADDRESS, "/api/v1/renew", issued.path("certificate"),
                "{\"validityDays\": 398}");
        assertThat(tooLong.status()).as(tooLong.body()).isEqualTo(403);
        assertThat(tooLong.body()).contains("at most 7 days");
        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("validityDays", 30))
                .post("/api/v1/certificates/" + serial + "/renew").then().statusCode(403)
                .body("detail", containsString("at most 7 days"));
        assertThat(Database.count("SELECT count(*) FROM certificates")).isEqualTo(rows);
        Lifecycle.Reply renewed = Lifecycle.postFrom(TRUSTED_PROXY_ADDRESS, "/api/v1/renew", issued.path("certificate"), "{}");
        assertThat(renewed.status()).as(renewed.body()).isEqualTo(201);
        assertThat(lifetime(renewed.body())).isEqualTo(Duration.ofDays(7).plusMinutes(1));
    }

    @Test
    void aDeletedIssuersDeviceNoLongerRenewsItself() {
        Response credential = EnrollmentApi.createCredential("ci", "issuer", List.of("*.ci.example"), 7);
        Response issued = issuedFiveDaysAgo("Bearer " + credential.path("token"));
        String serial = issued.path("serialNumber");
        long rows = Database.count("SELECT count(*) FROM certificates");

        given().header("Authorization", ADMIN).delete("/api/v1/credentials/" + credential.path("id")).then().statusCode(204);
        Lifecycle.Reply orphan = Lifecycle.postFrom(TRUSTED_PROXY_ADDRESS, "/api/v1/renew", issued.path("certificate"), "{}");
        assertThat(orphan.status()).as(orphan.body()).isEqualTo(403);
        assertThat(orphan.body()).contains("urn:ietf:params:acme:error:unauthorized").contains("deleted");
        assertThat(Database.count("SELECT count(*) FROM certificates")).isEqualTo(rows);
        // an administrator still may, within the device's policy
        Response renewed = given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/api/v1/certificates/" + serial + "/renew").then().statusCode(201).extract().response();
        assertThat(Duration.between(Instant.parse(renewed.path("notBefore")), Instant.parse(renewed.path("notAfter"))))
                .isEqualTo(Duration.ofDays(7).plusMinutes(1));
    }

    @Test
    void aSupersededCertificateGetsItsSuccessorBackWithinTheGraceAndIsRefusedAfter() {
        Lifecycle.Issued a = Lifecycle.issue(openssl, "gate", 30);
        Response first = given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/api/v1/certificates/" + a.serial() + "/renew").then().statusCode(201).extract().response();
        String b = first.path("serialNumber");

        // the response was lost: the same request, by the administrator or the holder, gets the same successor
        given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/api/v1/certificates/" + a.serial() + "/renew").then().statusCode(200)
                .body("serialNumber", equalTo(b)).body("certificate", equalTo(first.path("certificate")));
        Lifecycle.Reply retry = Lifecycle.postFrom(TRUSTED_PROXY_ADDRESS, "/api/v1/renew", a.pem(), "{}");
        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(DeviceRevocationTest.field(retry.body(), "serialNumber")).isEqualTo(b);
        assertThat(Database.count("SELECT count(*) FROM certificates")).as("never a second line").isEqualTo(2);

        clock.advance(Duration.ofMinutes(6));
        given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/api/v1/certificates/" + a.serial() + "/renew").then().statusCode(403)
                .body("type", equalTo("urn:ietf:params:acme:error:unauthorized"))
                .body("detail", containsString("superseded")).body("detail", containsString(b));
        Lifecycle.Reply late = Lifecycle.postFrom(TRUSTED_PROXY_ADDRESS, "/api/v1/renew", a.pem(), "{}");
        assertThat(late.status()).as(late.body()).isEqualTo(403);
        assertThat(Database.count("SELECT count(*) FROM certificates")).isEqualTo(2);
        // the newest certificate renews as ever
        given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/api/v1/certificates/" + b + "/renew").then().statusCode(201).body("renews", equalTo(b));
    }

    @Test
    void parallelRenewalsOfOneCertificateMakeOneSuccessor() throws Exception {
        Lifecycle.Issued a = Lifecycle.issue(openssl, "race", 30);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> replies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replies.add(pool.submit(() -> given().header("Authorization", ADMIN).contentType("application/json")
                        .body("{}").post("/api/v1/certificates/" + a.serial() + "/renew").then().extract().response()));
            }
            Set<String> successors = new HashSet<>();
            int created = 0;
            for (Future<Response> reply : replies) {
                Response response = reply.get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.asString()).isIn(200, 201);
                created += response.statusCode() == 201 ? 1 : 0;
                successors.add(response.path("serialNumber"));
            }
            assertThat(created).isEqualTo(1);
            assertThat(successors).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Database.count("SELECT count(*) FROM certificates")).isEqualTo(2);
    }

    @Test
    void outsideTheRenewalWindowTheHolderIsRefusedAndAnAdministratorMayForce() {
        Lifecycle.Issued fresh = Lifecycle.issue(openssl, "early", 30);
        Lifecycle.Reply early = Lifecycle.postFrom(TRUSTED_PROXY_ADDRESS, "/api/v1/renew", fresh.pem(), "{}");
        assertThat(early.status()).as(early.body()).isEqualTo(403);
        assertThat(early.body()).contains("urn:ietf:params:acme:error:unauthorized").contains("renewal window");
        assertThat(Database.count("SELECT count(*) FROM certificates")).isEqualTo(1);
        given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/api/v1/certificates/" + fresh.serial() + "/renew").then().statusCode(201);
    }

    /** A certificate the issuer got five days ago: inside the renewal window of its seven days now. */
    private Response issuedFiveDaysAgo(String issuer) {
        clock.advance(Duration.ofDays(-5));
        String csr = openssl.read(openssl.newCsr("runner", "ec:P-256", "/CN=runner1.ci.example"));
        Response issued = given().header("Authorization", issuer).contentType("application/json").body(Map.of("csr", csr))
                .post("/api/v1/certificates").then().statusCode(201).extract().response();
        clock.reset();
        return issued;
    }

    /** The first PEM block of a chain. */
    private static String leaf(String chain) {
        return chain.substring(0, chain.indexOf("-----END CERTIFICATE-----") + "-----END CERTIFICATE-----".length()) + "\n";
    }

    private static Duration lifetime(String json) {
        return Duration.between(Instant.parse(DeviceRevocationTest.field(json, "notBefore")),
                Instant.parse(DeviceRevocationTest.field(json, "notAfter")));
    }
}
