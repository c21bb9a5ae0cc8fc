package io.portcullis.api;

import static io.portcullis.api.EnrollmentApi.ADMIN;
import static io.portcullis.api.EnrollmentApi.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Credentials, roles and issuer scopes (default profile: enrollment closed, real clock). */
@QuarkusTest
class CredentialResourceTest {

    static final String REJECTED_IDENTIFIER = "urn:ietf:params:acme:error:rejectedIdentifier";
    static final String UNAUTHORIZED = "urn:ietf:params:acme:error:unauthorized";

    final Openssl openssl = Openssl.inTempDir();

    @BeforeEach
    void clean() {
        EnrollmentApi.reset();
    }

    @Test
    void tokenIsShownOnceAndStoredOnlyAsItsHash() {
        Response created = EnrollmentApi.createCredential("ci-pipeline", "issuer", List.of("*.ci.example"), 30);
        String token = created.path("token");
        String id = created.path("id");
        assertThat(token).matches("pcc_[A-Za-z0-9_-]{43}");
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");
        assertThat(EnrollmentApi.count("SELECT count(*) FROM credentials WHERE token_sha256 = ?",
                EnrollmentApi.sha256(token))).isEqualTo(1);
        assertThat(EnrollmentApi.count("SELECT count(*) FROM credentials c WHERE c::text LIKE '%' || ? || '%'",
                token.substring(4))).isZero();

        given().header("Authorization", ADMIN).get("/api/v1/credentials")
                .then().statusCode(200)
                .body("id", hasItem(id))
                .body("[0]", not(org.hamcrest.Matchers.hasKey("token")))
                .body("[0].allowedNames", equalTo(List.of("*.ci.example")))
                .body("[0].maxValidityDays", equalTo(30));

        assertThat(EnrollmentApi.auditRows("credential.created", id)).isEqualTo(1);
        assertThat(Database.count("SELECT count(*) FROM audit_events WHERE action = 'credential.created' "
                + "AND actor_id = 'bootstrap-admin' AND actor_role = 'admin' AND remote_address IS NOT NULL")).isEqualTo(1);
    }

    @Test
    void deletedCredentialStopsWorkingAtOnce() {
        Response created = EnrollmentApi.createCredential("reader", "auditor", null, null);
        String token = created.path("token");
        given().header("Authorization", bearer(token)).get("/api/v1/certificates").then().statusCode(200);

        given().header("Authorization", ADMIN).delete("/api/v1/credentials/" + created.path("id"))
                .then().statusCode(204);

        given().header("Authorization", bearer(token)).get("/api/v1/certificates")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo(UNAUTHORIZED));
        given().header("Authorization", ADMIN).delete("/api/v1/credentials/" + created.path("id"))
                .then().statusCode(404);
        assertThat(EnrollmentApi.auditRows("credential.deleted", created.path("id"))).isEqualTo(1);
    }

    @Test
    void deletingAnIssuerWithdrawsTheEnrollmentTokensItCreated() {
        Response issuer = EnrollmentApi.createCredential("ci", "issuer", List.of("*.ci.example"), null);
        Response mintedToken = EnrollmentApi.createToken(bearer(issuer.path("token")), Map.of("commonName", "runner1.ci.example"))
                .then().statusCode(201).extract().response();
        String minted = mintedToken.path("token");
        String unrelated = EnrollmentApi.token("door.home.example").path("token");

        given().header("Authorization", ADMIN).delete("/api/v1/credentials/" + issuer.path("id"))
                .then().statusCode(204);

        EnrollmentApi.order(minted, openssl.read(openssl.newCsr("runner", "ec:P-256", "/CN=runner1.ci.example")))
                .then().statusCode(401).contentType("application/problem+json").body("type", equalTo(UNAUTHORIZED));
        EnrollmentApi.order(unrelated, openssl.read(openssl.newCsr("door", "ec:P-256", "/CN=door.home.example"))).then().statusCode(201);
        assertThat(Database.count("SELECT count(*) FROM enrollment_tokens WHERE deleted_at IS NULL")).isEqualTo(1);

        // the trail names the deletion and every token withdrawn with it, by whom and from where
        for (String[] expected : new String[][] {{"credential.deleted", issuer.path("id")},
                {"enrollment-token.deleted", mintedToken.path("id")}}) {
            given().header("Authorization", ADMIN).queryParam("action", expected[0]).queryParam("size", 500).get("/api/v1/audit")
                    .then().statusCode(200)
                    .body("items.findAll { it.target == '" + expected[1] + "' }.size()", equalTo(1))
                    .body("items.find { it.target == '" + expected[1] + "' }.outcome", equalTo("success"))
                    .body("items.find { it.target == '" + expected[1] + "' }.actorId", equalTo("bootstrap-admin"))
                    .body("items.find { it.target == '" + expected[1] + "' }.remoteAddress", notNullValue());
        }
    }

    @Test
    void unknownOrMalformedTokensAreUnauthenticated() {
        given().header("Authorization", "Bearer pcc_" + "A".repeat(43)).get("/api/v1/certificates")
                .then().statusCode(401).header("WWW-Authenticate", "Bearer").body("type", equalTo(UNAUTHORIZED));
        given().header("Authorization", "Bearer pce_" + "A".repeat(43)).get("/api/v1/orders/x")
                .then().statusCode(401);
        given().header("Authorization", "Bearer pcc_short").get("/api/v1/certificates").then().statusCode(401);
    }

    @Test
    void auditorReadsButCannotIssueOrAdminister() {
        String auditor = bearer(EnrollmentApi.credential("auditor", null, null));
        given().header("Authorization", auditor).get("/api/v1/certificates").then().statusCode(200);
        given().header("Authorization", auditor).get("/api/v1/orders").then().statusCode(200);
        given().header("Authorization", auditor).get("/api/v1/audit").then().statusCode(200);
        given().header("Authorization", auditor).get("/api/v1/enrollment-tokens").then().statusCode(200);

        Path csr = openssl.newCsr("device", "ec:P-256", "/CN=door.home.example");
        given().header("Authorization", auditor).contentType("application/json")
                .body(Map.of("csr", openssl.read(csr))).post("/api/v1/certificates")
                .then().statusCode(403).contentType("application/problem+json").body("type", equalTo(UNAUTHORIZED));
        EnrollmentApi.createToken(auditor, Map.of("commonName", "door.home.example")).then().statusCode(403);
        given().header("Authorization", auditor).contentType("application/json")
                .body(Map.of("name", "x", "role", "admin")).post("/api/v1/credentials").then().statusCode(403);
        given().header("Authorization", auditor).get("/api/v1/credentials").then().statusCode(403);

        assertThat(Database.count("SELECT count(*) FROM certificates")).isZero();
        assertThat(Database.count("SELECT count(*) FROM enrollment_tokens")).isZero();
    }

    @Test
    void issuerIssuesOnlyWithinItsNamesAndValidity() {
        String issuer = bearer(EnrollmentApi.credential("issuer", List.of("*.ci.example"), 30));

        Path good = openssl.newCsr("good", "ec:P-256", "/CN=runner1.ci.example", "-addext",
                "subjectAltName=DNS:runner1.ci.example");
        Response issued = given().header("Authorization", issuer).contentType("application/json")
                .body(Map.of("csr", openssl.read(good))).post("/api/v1/certificates")
                .then().statusCode(201).body("commonName", equalTo("runner1.ci.example")).extract().response();
        Duration validity = Duration.between(Instant.parse(issued.path("notBefore")), Instant.parse(issued.path("notAfter")));
        assertThat(validity).as("the issuer's 30-day cap beats the 365-day default")
                .isLessThanOrEqualTo(Duration.ofDays(30).plusMinutes(1));

        Path outside = openssl.newCsr("outside", "ec:P-256", "/CN=evil.example");
        given().header("Authorization", issuer).contentType("application/json")
                .body(Map.of("csr", openssl.read(outside))).post("/api/v1/certificates")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo(REJECTED_IDENTIFIER));

        Path sanOutside = openssl.newCsr("san", "ec:P-256", "/CN=runner2.ci.example", "-addext",
                "subjectAltName=DNS:runner2.ci.example,DNS:evil.example");
        given().header("Authorization", issuer).contentType("application/pkcs10")
                .body(openssl.read(sanOutside).getBytes(java.nio.charset.StandardCharsets.US_ASCII)).post("/api/v1/certificates")
                .then().statusCode(403).body("type", equalTo(REJECTED_IDENTIFIER));

        Path deeper = openssl.newCsr("deeper", "ec:P-256", "/CN=a.b.ci.example");
        given().header("Authorization", issuer).contentType("application/json")
                .body(Map.of("csr", openssl.read(deeper))).post("/api/v1/certificates")
                .then().statusCode(403).body("type", equalTo(REJECTED_IDENTIFIER));

        Path tooLong = openssl.newCsr("long", "ec:P-256", "/CN=runner3.ci.example");
        given().header("Authorization", issuer).contentType("application/json")
                .body(Map.of("csr", openssl.read(tooLong), "validityDays", 31)).post("/api/v1/certificates")
                .then().statusCode(403).body("type", equalTo(UNAUTHORIZED));

        assertThat(Database.count("SELECT count(*) FROM certificates")).as("rejected requests leave no row").isEqualTo(1);
        given().header("Authorization", issuer).get("/api/v1/certificates").then().statusCode(403);
        given().header("Authorization", issuer).get("/api/v1/credentials").then().statusCode(403);
        assertThat(Database.count("SELECT count(*) FROM audit_events WHERE action = 'certificate.issued' "
                + "AND actor_role = 'issuer' AND outcome = 'success'")).isEqualTo(1);
        assertThat(Database.count("SELECT count(*) FROM audit_events WHERE action = 'certificate.issued' "
                + "AND actor_role = 'issuer' AND outcome = 'rejectedIdentifier' AND target IS NULL"))
                .as("each refusal is in the trail").isEqualTo(3);
        assertThat(Database.count("SELECT count(*) FROM audit_events WHERE action = 'certificate.issued' "
                + "AND actor_role = 'issuer' AND outcome = 'unauthorized'")).isEqualTo(1);
    }

    @Test
    void issuerCreatesEnrollmentTokensOnlyWithinItsScope() {
        String issuer = bearer(EnrollmentApi.credential("issuer", List.of("*.ci.example"), 30));
        String id = EnrollmentApi.createToken(issuer, Map.of("commonName", "runner9.ci.example",
                        "subjectAltNames", List.of("DNS:runner9.ci.example")))
                .then().statusCode(201).body("validityDays", equalTo(30)).extract().path("id");
        EnrollmentApi.createToken(issuer, Map.of("commonName", "door.home.example"))
                .then().statusCode(403).body("type", equalTo(REJECTED_IDENTIFIER));
        EnrollmentApi.createToken(issuer, Map.of("commonName", "runner9.ci.example",
                "subjectAltNames", List.of("DNS:evil.example"))).then().statusCode(403);
        EnrollmentApi.createToken(issuer, Map.of("commonName", "runner9.ci.example", "validityDays", 90))
                .then().statusCode(403).body("type", equalTo(UNAUTHORIZED));
        assertThat(Database.count("SELECT count(*) FROM enrollment_tokens")).isEqualTo(1);
        assertThat(Database.count("SELECT count(*) FROM audit_events WHERE action = 'enrollment-token.created' "
                + "AND actor_role = 'issuer' AND outcome = 'rejectedIdentifier'")).isEqualTo(2);
        assertThat(Database.count("SELECT count(*) FROM audit_events WHERE action = 'enrollment-token.created' "
                + "AND actor_role = 'issuer' AND outcome = 'unauthorized'")).isEqualTo(1);

        String otherIssuersToken = EnrollmentApi.token("door.home.example").path("id");
        given().header("Authorization", issuer).get("/api/v1/enrollment-tokens")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(id));
        given().header("Authorization", issuer).delete("/api/v1/enrollment-tokens/" + otherIssuersToken)
                .then().statusCode(404);
        given().header("Authorization", issuer).delete("/api/v1/enrollment-tokens/" + id).then().statusCode(204);
        assertThat(EnrollmentApi.auditRows("enrollment-token.created", id)).isEqualTo(1);
        assertThat(EnrollmentApi.auditRows("enrollment-token.deleted", id)).isEqualTo(1);
    }

    @Test
    void enrollmentTokenSatisfiesNoCredentialRole() {
        String device = bearer(EnrollmentApi.token("door.home.example", "uses", 5).path("token"));
        Path csr = openssl.newCsr("device", "ec:P-256", "/CN=door.home.example");
        given().header("Authorization", device).contentType("application/json")
                .body(Map.of("csr", openssl.read(csr))).post("/api/v1/certificates").then().statusCode(403);
        given().header("Authorization", device).get("/api/v1/certificates").then().statusCode(403);
        given().header("Authorization", device).get("/api/v1/audit").then().statusCode(403);
        given().header("Authorization", device).get("/api/v1/orders").then().statusCode(403);
        given().header("Authorization", device).get("/api/v1/enrollment-tokens").then().statusCode(403);
        EnrollmentApi.createToken(device, Map.of("commonName", "door.home.example")).then().statusCode(403);
        assertThat(Database.count("SELECT count(*) FROM certificates")).isZero();
    }

    @Test
    void credentialsAreValidated() {
        given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("name", "x", "role", "root")).post("/api/v1/credentials")
                .then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("name", "x", "role", "issuer")).post("/api/v1/credentials").then().statusCode(400);
        given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("name", "x", "role", "issuer", "allowedNames", List.of("bad name"))).post("/api/v1/credentials")
                .then().statusCode(400);
        assertThat(Database.count("SELECT count(*) FROM credentials")).isZero();
        assertThat(Database.count("SELECT count(*) FROM audit_events")).isZero();
    }

    @Test
    void ordersWithoutTokenNeedOpenEnrollment() {
        Path csr = openssl.newCsr("device", "ec:P-256", "/CN=door.home.example");
        given().contentType("application/json").body(Map.of("csr", openssl.read(csr))).post("/api/v1/orders")
                .then().statusCode(401).contentType("application/problem+json").body("type", equalTo(UNAUTHORIZED));
        assertThat(Database.count("SELECT count(*) FROM orders")).isZero();
    }

    @Test
    void directoryIsPublic() {
        given().get("/api/v1/directory").then().statusCode(200)
                .body("newOrder", endsWith("/api/v1/orders"))
                .body("caCertificate", endsWith("/api/v1/ca/certificate"))
                .body("audit", notNullValue());
    }
}
