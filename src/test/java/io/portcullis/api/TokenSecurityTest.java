package io.portcullis.api;

import static io.portcullis.api.EnrollmentApi.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Bearer secrets as the API hands them out, and the boundary between device and administrator:
 * an enrollment token is refused by every operation the contract ({@code openapi.yaml}) guards with
 * the default security, so a new administrative endpoint is covered as soon as it is documented.
 */
@QuarkusTest
class TokenSecurityTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final String TABLES = "SELECT (SELECT count(*) FROM certificates) + (SELECT count(*) FROM credentials)"
            + " + (SELECT count(*) FROM enrollment_tokens) + (SELECT count(*) FROM orders)"
            + " + (SELECT count(*) FROM ca_certificates)";

    @Test
    void everySecretTheApiIssuesCarriesAtLeast256Bits() {
        List<String> secrets = new ArrayList<>();
        for (String role : List.of("admin", "auditor")) {
            secrets.add(EnrollmentApi.createCredential("bits-" + role, role, null, null).path("token"));
        }
        secrets.add(EnrollmentApi.createCredential("bits-issuer", "issuer", List.of("*.bits.example"), null).path("token"));
        secrets.add(EnrollmentApi.token("device.bits.example").path("token"));
        for (String secret : secrets) {
            assertThat(secret).matches("pc[ce]_[A-Za-z0-9_-]+");
            assertThat(Base64.getUrlDecoder().decode(secret.substring(4))).as(secret.substring(0, 4)).hasSizeGreaterThanOrEqualTo(32);
        }
        assertThat(Set.copyOf(secrets)).hasSize(secrets.size());
    }

    @Test
    void anEnrollmentTokenIsRefusedByEveryAdministrativeOperation() throws IOException {
        String device = bearer(EnrollmentApi.token("device.admin-boundary.example", "uses", 100).path("token"));
        long rows = Database.count(Database.TEST_DB, TABLES);
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> path : contractPaths().entrySet()) {
            for (Map.Entry<String, Object> operation : path.getValue().entrySet()) {
                if (!METHODS.contains(operation.getKey())) {
                    continue; // path-level parameters
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> spec = (Map<String, Object>) operation.getValue();
                if (spec.containsKey("security")) {
                    continue; // public, or open to devices and certificate holders by design
                }
                String method = operation.getKey().toUpperCase();
                String url = path.getKey().replace("{serial}", "01").replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                RequestSpecification request = given().header("Authorization", device);
                String mediaType = requestMediaType(spec);
                if (mediaType != null) {
                    request.contentType(mediaType).body(mediaType.contains("json") ? "{}" : "x");
                }
                Response response = request.request(method, url);
                assertThat(response.statusCode()).as(method + " " + url + ": " + response.asString()).isEqualTo(403);
                assertThat(response.contentType()).startsWith("application/problem+json");
                checked.add(method + " " + path.getKey());
            }
        }
        assertThat(checked).contains("POST /api/v1/credentials", "DELETE /api/v1/credentials/{id}",
                "POST /api/v1/certificates", "GET /api/v1/audit", "POST /api/v1/orders/{id}/approve");
        assertThat(Database.count(Database.TEST_DB, TABLES)).as("no row made or removed").isEqualTo(rows);
        System.out.printf("An enrollment token was refused by %d administrative operations%n", checked.size());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> contractPaths() throws IOException {
        try (Reader reader = Files.newBufferedReader(Path.of("openapi.yaml"))) {
            Map<String, Object> contract = new Yaml().load(reader);
            return (Map<String, Map<String, Object>>) contract.get("paths");
        }
    }

    @SuppressWarnings("unchecked")
    private static String requestMediaType(Map<String, Object> operation) {
        Map<String, Object> body = (Map<String, Object>) operation.get("requestBody");
        if (body == null) {
            return null;
        }
        Map<String, Object> content = (Map<String, Object>) body.get("content");
        return content.containsKey("application/json") ? "application/json" : content.keySet().iterator().next();
    }
}
