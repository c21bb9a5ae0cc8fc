package io.portcullis.api;

import static io.portcullis.api.EnrollmentApi.ADMIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every kind of response carries the security headers, no {@code Server} header and no stack trace:
 * documents, problems of every status (including the router's own), health, OpenAPI and the binary
 * trust material. A response that sets its own policy or caching keeps it.
 */
@QuarkusTest
class SecurityHeadersTest {

    static final Map<String, String> EXPECTED = Map.of(
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY",
            "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");

    @Test
    void everyResponseCarriesTheSecurityHeadersAndNoServerOrStackTrace() {
        Map<String, Supplier<Response>> requests = new LinkedHashMap<>();
        requests.put("200 JSON", () -> given().get("/api/v1/directory"));
        requests.put("200 JSON with a token", () -> given().header("Authorization", ADMIN).get("/api/v1/credentials"));
        requests.put("200 CA certificate", () -> given().get("/api/v1/ca/certificate"));
        requests.put("200 CRL (DER)", () -> given().get("/api/v1/crl"));
        requests.put("OCSP (DER)", () -> given().contentType("application/ocsp-request").body(new byte[] {0x30, 0})
                .post("/api/v1/ocsp"));
        requests.put("OCSP GET", () -> given().get("/api/v1/ocsp/" + Base64.getEncoder().encodeToString(new byte[] {1})));
        requests.put("health", () -> given().get("/q/health"));
        requests.put("openapi", () -> given().get("/q/openapi"));
        requests.put("400 bad JSON", () -> given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"csr\": ").post("/api/v1/certificates"));
        requests.put("401", () -> given().header("Authorization", "Bearer pcc_" + "A".repeat(43)).get("/api/v1/credentials"));
        requests.put("401 without a token", () -> given().get("/api/v1/credentials"));
        requests.put("404 API", () -> given().get("/api/v1/no-such-thing"));
        requests.put("404 outside the API", () -> given().get("/no-such-thing"));
        requests.put("405", () -> given().delete("/api/v1/directory"));
        requests.put("413", () -> given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"csr\": \"" + "A".repeat(100_000) + "\"}").post("/api/v1/certificates"));
        requests.put("415", () -> given().header("Authorization", ADMIN).contentType("text/plain").body("x")
                .post("/api/v1/certificates"));

        requests.forEach((name, request) -> {
            Response response = request.get();
            EXPECTED.forEach((header, value) -> assertThat(response.header(header)).as(name + ": " + header).isEqualTo(value));
            assertThat(response.header("Server")).as(name + ": Server").isNull();
            assertThat(response.header("Strict-Transport-Security")).as(name + ": HSTS only on HTTPS").isNull();
            String body = response.asString();
            assertThat(body).as(name + ": body").doesNotContain("\tat ").doesNotContain("Exception")
                    .doesNotContainIgnoringCase("quarkus").doesNotContain("vert.x");
            if (response.contentType().contains("json")) {
                assertThat(response.header("Cache-Control")).as(name + ": Cache-Control").isEqualTo("no-store");
            }
        });
    }

    @Test
    void secretsAreNeverCachedButPublicTrustMaterialIs() {
        Response created = EnrollmentApi.createCredential("headers", "auditor", null, null);
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");
        assertThat(given().header("Authorization", "Bearer " + created.path("token"))
                .get("/api/v1/certificates").header("Cache-Control")).isEqualTo("no-store");
        Response crl = given().get("/api/v1/crl");
        assertThat(crl.header("Expires")).as("the CRL's own caching").isNotNull();
        assertThat(crl.headers().getValues("Cache-Control")).singleElement().asString().contains("max-age=");
        assertThat(given().get("/api/v1/ca/certificate").header("Cache-Control")).isNull();
    }

    @Test
    void aResponseWithItsOwnPolicyAndCachingKeepsThem() {
        Response own = given().get(OwnHeadersRoute.PATH);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.headers().getValues("Content-Security-Policy")).containsExactly(OwnHeadersRoute.OWN_POLICY);
        assertThat(own.headers().getValues("Cache-Control")).containsExactly(OwnHeadersRoute.OWN_CACHING);
        assertThat(own.header("X-Frame-Options")).isEqualTo("DENY");
    }
}
