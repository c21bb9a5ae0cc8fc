package io.portcullis.acme;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import io.portcullis.support.Database;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;

/** An ACME client session against the @QuarkusTest service: one account key, its account URL once known. */
final class AcmeSession {

    /** The test profile's public URL, which every JWS url names. */
    static final String ORIGIN = "http://localhost:8080";
    static final String ADMIN = "Bearer test-admin-token";

    TestAccountKey key;
    String kid;

    AcmeSession(TestAccountKey key) {
        this.key = key;
    }

    static AcmeSession es256() {
        return new AcmeSession(TestAccountKey.generate(JWSAlgorithm.ES256));
    }

    static void reset() {
        Database.execute(Database.TEST_DB, "TRUNCATE acme_authorizations, acme_orders, acme_accounts, acme_eab_keys, "
                + "acme_nonces, audit_events, orders, enrollment_tokens, credentials, certificates, devices");
    }

    static String nonce() {
        return given().head("/acme/new-nonce").then().statusCode(200).extract().header("Replay-Nonce");
    }

    /** A signed POST: with the account's kid once known, else with the key as jwk. */
    Response post(String path, String payload) {
        return send(path, key.sign(key.header(kid, nonce(), ORIGIN + path), payload));
    }

    /** A signed POST with the key as jwk, as newAccount and revocation by certificate key are. */
    Response postWithJwk(String path, String payload) {
        return send(path, key.sign(key.header(null, nonce(), ORIGIN + path), payload));
    }

    static Response send(String path, String body) {
        return given().contentType("application/jose+json").body(body).post(path).then().extract().response();
    }

    /** Registers with an EAB key for {@code /api/v1/credentials/{id}} or {@code /api/v1/enrollment-tokens/{id}}. */
    Response register(Map<String, String> eab) {
        String binding = key.eab(eab.get("kid"), eab.get("hmacKey"), ORIGIN + "/acme/new-account");
        Response response = post("/acme/new-account", "{\"termsOfServiceAgreed\":true,\"externalAccountBinding\":"
                + binding + "}");
        if (response.statusCode() < 300) {
            kid = response.header("Location");
        }
        return response;
    }

    static Map<String, String> eab(String owner) {
        return given().header("Authorization", ADMIN).post(owner + "/acme-eab").then().statusCode(201).extract()
                .jsonPath().getMap("", String.class, String.class);
    }

    static String credential(String role, List<String> allowedNames) {
        Map<String, Object> body = allowedNames == null ? Map.of("name", "acme", "role", role)
                : Map.of("name", "acme", "role", role, "allowedNames", allowedNames);
        return given().header("Authorization", ADMIN).contentType("application/json").body(body)
                .post("/api/v1/credentials").then().statusCode(201).extract().path("id");
    }

    /** A registered session acting for a new issuer credential over {@code allowedNames}; returns it. */
    static AcmeSession issuerAccount(String... allowedNames) {
        AcmeSession session = es256();
        String credential = credential("issuer", List.of(allowedNames));
        assertThat(session.register(eab("/api/v1/credentials/" + credential)).statusCode()).isEqualTo(201);
        return session;
    }

    /** The path of one of this server's URLs. */
    static String path(String url) {
        assertThat(url).startsWith(ORIGIN + "/acme/");
        return url.substring(ORIGIN.length());
    }
}
