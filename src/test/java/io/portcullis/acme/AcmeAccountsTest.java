package io.portcullis.acme;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import io.portcullis.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ACME directory, nonces, external account binding and accounts over HTTP, on PostgreSQL. */
@QuarkusTest
class AcmeAccountsTest {

    static final String ACME = "urn:ietf:params:acme:error:";

    @BeforeEach
    void clean() {
        AcmeSession.reset();
    }

    @Test
    void theDirectoryRequiresExternalAccountsAndNoncesAreFreshAndUncached() {
        given().get("/acme/directory").then().statusCode(200)
                .body("meta.externalAccountRequired", equalTo(true))
                .body("newNonce", equalTo(AcmeSession.ORIGIN + "/acme/new-nonce"))
                .body("newAccount", equalTo(AcmeSession.ORIGIN + "/acme/new-account"))
                .body("renewalInfo", equalTo(AcmeSession.ORIGIN + "/acme/renewal-info"));
        given().head("/acme/new-nonce").then().statusCode(200).header("Cache-Control", "no-store")
                .header("Replay-Nonce", matchesPattern("[A-Za-z0-9_-]{22}"));
        String a = given().get("/acme/new-nonce").then().statusCode(204).header("Cache-Control", "no-store")
                .extract().header("Replay-Nonce");
        assertThat(a).isNotEqualTo(AcmeSession.nonce());
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM acme_nonces WHERE nonce = ?", a)).isEqualTo(1);
    }

    @Test
    void anAccountNeedsABindingAndOneBindingKeyBindsOneAccount() {
        String credential = AcmeSession.credential("issuer", List.of("*.acme.test"));
        AcmeSession first = AcmeSession.es256();
        Response unbound = first.post("/acme/new-account", "{\"termsOfServiceAgreed\":true}");
        assertThat(unbound.statusCode()).isEqualTo(400);
        assertThat(unbound.contentType()).startsWith("application/problem+json");
        assertThat(unbound.path("type").toString()).isEqualTo(ACME + "externalAccountRequired");
        assertThat(unbound.header("Replay-Nonce")).isNotBlank();

        Map<String, String> eab = AcmeSession.eab("/api/v1/credentials/" + credential);
        assertThat(eab.get("hmacKey")).matches("[A-Za-z0-9_-]{43}");
        Response created = first.register(eab);
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(created.header("Location")).startsWith(AcmeSession.ORIGIN + "/acme/acct/");
        assertThat(created.path("status").toString()).isEqualTo("valid");
        // the same key again finds its account
        Response again = first.postWithJwk("/acme/new-account", "{\"onlyReturnExisting\":true}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.header("Location")).isEqualTo(created.header("Location"));

        Response reused = AcmeSession.es256().register(eab);
        assertThat(reused.statusCode()).isEqualTo(403);
        assertThat(reused.path("type").toString()).isEqualTo(ACME + "unauthorized");
        assertThat(reused.path("detail").toString()).contains("used already");
        Response unknown = AcmeSession.es256().post("/acme/new-account", "{\"onlyReturnExisting\":true}");
        assertThat(unknown.path("type").toString()).isEqualTo(ACME + "accountDoesNotExist");
        assertThat(Database.count("SELECT count(*) FROM acme_accounts")).isEqualTo(1);
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM audit_events WHERE action = 'acme-account.created' "
                + "AND actor_id = ? AND actor_role = 'issuer'", credential)).isEqualTo(1);
        // the HMAC key is stored sealed, never in clear
        byte[] hmac = new Base64URL(eab.get("hmacKey")).decode();
        assertThat(Database.count("SELECT count(*) FROM acme_eab_keys WHERE position(?::bytea in hmac_key) > 0", hmac))
                .isZero();
    }

    @Test
    void aReplayedNonceIsBadNonceWithAFreshOneAndAWrongUrlIsRefused() {
        AcmeSession session = AcmeSession.issuerAccount("*.acme.test");
        String body = session.key.sign(session.key.header(session.kid, AcmeSession.nonce(),
                session.kid), "");
        String path = AcmeSession.path(session.kid);
        assertThat(AcmeSession.send(path, body).statusCode()).isEqualTo(200);
        Response replayed = AcmeSession.send(path, body);
        assertThat(replayed.statusCode()).isEqualTo(400);
        assertThat(replayed.path("type").toString()).isEqualTo(ACME + "badNonce");
        assertThat(replayed.header("Replay-Nonce")).matches("[A-Za-z0-9_-]{22}");

        String elsewhere = session.key.sign(session.key.header(session.kid, AcmeSession.nonce(),
                AcmeSession.ORIGIN + "/acme/new-order"), "");
        Response wrongUrl = AcmeSession.send(path, elsewhere);
        assertThat(wrongUrl.statusCode()).isEqualTo(403);
        assertThat(wrongUrl.path("type").toString()).isEqualTo(ACME + "unauthorized");
    }

    @Test
    void theKeyRollsOverAndAnAccountDeactivates() {
        AcmeSession session = AcmeSession.issuerAccount("*.acme.test");
        TestAccountKey old = session.key;
        TestAccountKey next = TestAccountKey.generate(JWSAlgorithm.EdDSA);
        String url = AcmeSession.ORIGIN + "/acme/key-change";
        JWSHeader inner = new JWSHeader.Builder(JWSAlgorithm.EdDSA).jwk(next.publicJwk).customParam("url", url).build();
        String innerJws = next.sign(inner, TestAccountKey.json(Map.of("account", session.kid,
                "oldKey", old.publicJwk.toJSONObject())));
        Response changed = session.post("/acme/key-change", innerJws);
        assertThat(changed.statusCode()).as(changed.asString()).isEqualTo(200);

        Response withOld = session.post(AcmeSession.path(session.kid), "");
        assertThat(withOld.statusCode()).isEqualTo(400);
        // the account's key is Ed25519 now: an ES256 signature no longer fits it
        assertThat(withOld.path("type").toString()).isEqualTo(ACME + "badSignatureAlgorithm");
        session.key = next;
        assertThat(session.post(AcmeSession.path(session.kid), "").statusCode()).isEqualTo(200);

        Response deactivated = session.post(AcmeSession.path(session.kid), "{\"status\":\"deactivated\"}");
        assertThat(deactivated.statusCode()).isEqualTo(200);
        assertThat(deactivated.path("status").toString()).isEqualTo("deactivated");
        Response after = session.post("/acme/new-order", "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"a.acme.test\"}]}");
        assertThat(after.statusCode()).isEqualTo(403);
        assertThat(after.path("detail").toString()).contains("deactivated");
        assertThat(Database.count("SELECT count(*) FROM audit_events WHERE action IN ('acme-account.key-changed', "
                + "'acme-account.deactivated')")).isEqualTo(2);
    }

    @Test
    void deletingTheCredentialDeactivatesItsAccounts() {
        String credential = AcmeSession.credential("issuer", List.of("*.acme.test"));
        AcmeSession session = AcmeSession.es256();
        assertThat(session.register(AcmeSession.eab("/api/v1/credentials/" + credential)).statusCode()).isEqualTo(201);
        given().header("Authorization", AcmeSession.ADMIN).delete("/api/v1/credentials/" + credential)
                .then().statusCode(204);
        Response read = session.post(AcmeSession.path(session.kid), "");
        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(read.path("detail").toString()).contains("deactivated");
    }

    @Test
    void bindingKeysAreForAdministratorsAndIssuingCredentialsOnly() {
        String auditor = AcmeSession.credential("auditor", null);
        given().header("Authorization", AcmeSession.ADMIN).post("/api/v1/credentials/" + auditor + "/acme-eab")
                .then().statusCode(409).contentType("application/problem+json");
        given().header("Authorization", AcmeSession.ADMIN).post("/api/v1/credentials/no-such-id/acme-eab")
                .then().statusCode(404);
        given().header("Authorization", AcmeSession.ADMIN).post("/api/v1/enrollment-tokens/no-such-id/acme-eab")
                .then().statusCode(404);
        given().post("/api/v1/credentials/" + auditor + "/acme-eab").then().statusCode(401);
        assertThat(Database.count("SELECT count(*) FROM acme_eab_keys")).isZero();
    }
}
