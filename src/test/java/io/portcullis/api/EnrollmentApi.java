package io.portcullis.api;

import static io.restassured.RestAssured.given;

import io.portcullis.support.Database;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test helpers for the enrollment API: credentials, tokens and orders made through the real endpoints. */
final class EnrollmentApi {

    static final String ADMIN = "Bearer test-admin-token";

    private EnrollmentApi() {
    }

    /** Empties every table the enrollment tests touch. */
    static void reset() {
        Database.execute(Database.TEST_DB,
                "TRUNCATE audit_events, orders, enrollment_tokens, credentials, certificates");
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    /** Creates a credential as the bootstrap admin; returns the 201 response. */
    static Response createCredential(String name, String role, List<String> allowedNames, Integer maxValidityDays) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "role", role));
        if (allowedNames != null) {
            body.put("allowedNames", allowedNames);
        }
        if (maxValidityDays != null) {
            body.put("maxValidityDays", maxValidityDays);
        }
        return given().header("Authorization", ADMIN).contentType("application/json").body(body)
                .post("/api/v1/credentials").then().statusCode(201).extract().response();
    }

    /** A new credential's token. */
    static String credential(String role, List<String> allowedNames, Integer maxValidityDays) {
        return createCredential(role + "-credential", role, allowedNames, maxValidityDays).path("token");
    }

    /** Creates an enrollment token as {@code authorization}; returns the response, whatever its status. */
    static Response createToken(String authorization, Map<String, Object> body) {
        return given().header("Authorization", authorization).contentType("application/json").body(body)
                .post("/api/v1/enrollment-tokens");
    }

    /** An admin-made enrollment token for {@code commonName}; extra fields go into the request. */
    static Response token(String commonName, Object... extra) {
        Map<String, Object> body = new HashMap<>(Map.of("commonName", commonName));
        for (int i = 0; i < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        return createToken(ADMIN, body).then().statusCode(201).extract().response();
    }

    /** Posts a PEM CSR as an order with the given enrollment token, or anonymously for {@code null}. */
    static Response order(String token, String csrPem) {
        var request = given().contentType("application/json").body(Map.of("csr", csrPem));
        if (token != null) {
            request.header("Authorization", bearer(token));
        }
        return request.post("/api/v1/orders");
    }

    /** Successful audit events of an action on a target. */
    static long auditRows(String action, String target) {
        return Database.count(Database.TEST_DB, "SELECT count(*) FROM audit_events WHERE action = ? AND target = ? "
                + "AND outcome = 'success'", action, target);
    }

    static long count(String sql, Object... params) {
        return Database.count(Database.TEST_DB, sql, params);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
