package io.portcullis.api;

import static io.portcullis.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A key revoked for keyCompromise is never certified again, whichever way the CSR comes in. */
@QuarkusTest
class CompromisedKeyTest {

    static final String ADMIN = "Bearer test-admin-token";

    final Openssl openssl = Openssl.inTempDir();

    @Test
    void aKeyRevokedForKeyCompromiseIsRefusedForIssueRenewalAndOrders() {
        Path key = openssl.key("stolen", "ec:P-256");
        String csr = openssl.read(openssl.csr("stolen", key, "/CN=stolen.example",
                "-addext", "subjectAltName=DNS:stolen.example"));
        String first = issue(csr).then().statusCode(201).extract().path("serialNumber");
        String second = issue(csr).then().statusCode(201).extract().path("serialNumber");
        revoke(first, "keyCompromise");
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM compromised_keys WHERE serial_number = ?", first)).isEqualTo(1);

        long certificates = Database.count("SELECT count(*) FROM certificates");
        Response again = assertProblem(issue(csr), 400, "badPublicKey");
        assertThat(again.<String>path("detail")).contains("keyCompromise", first);

        // the second certificate of the same key (another device) was revoked with it, and is never renewed
        assertProblem(given().header("Authorization", ADMIN).contentType("application/json").body(Map.of())
                .post("/api/v1/certificates/" + second + "/renew"), 409, "alreadyRevoked");
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates WHERE serial_number = ? AND status = 'revoked'"
                + " AND revocation_reason = 'keyCompromise'", second)).isEqualTo(1);

        // nor can a device enroll the key with a token; the token keeps its use
        Response token = EnrollmentApi.token("stolen.example", "subjectAltNames", java.util.List.of("DNS:stolen.example"));
        long orders = Database.count("SELECT count(*) FROM orders");
        assertProblem(EnrollmentApi.order(token.path("token"), csr), 400, "badPublicKey");
        assertThat(Database.count(Database.TEST_DB, "SELECT uses_left FROM enrollment_tokens WHERE id = ?", token.<String>path("id")))
                .isEqualTo(1);
        // with manual approval the order is refused on arrival, not left pending for an administrator
        Response manual = EnrollmentApi.token("stolen.example", "subjectAltNames", java.util.List.of("DNS:stolen.example"),
                "approval", "manual");
        assertProblem(EnrollmentApi.order(manual.path("token"), csr), 400, "badPublicKey");
        assertThat(Database.count("SELECT count(*) FROM orders")).isEqualTo(orders);
        assertThat(Database.count("SELECT count(*) FROM certificates")).isEqualTo(certificates);

        // a new key for the same names is fine
        String fresh = openssl.read(openssl.newCsr("fresh", "ec:P-256", "/CN=stolen.example",
                "-addext", "subjectAltName=DNS:stolen.example"));
        issue(fresh).then().statusCode(201);
    }

    @Test
    void otherRevocationReasonsDoNotDenyTheKey() {
        String csr = openssl.read(openssl.newCsr("retired", "ec:P-256", "/CN=retired.example"));
        for (String reason : new String[] {"superseded", "cessationOfOperation", "unspecified", "affiliationChanged"}) {
            String serial = issue(csr).then().statusCode(201).extract().path("serialNumber");
            revoke(serial, reason);
        }
        issue(csr).then().statusCode(201);
    }

    @Test
    void revokingTheSameKeyTwiceForKeyCompromiseKeepsTheFirstEntry() {
        String csr = openssl.read(openssl.newCsr("twice", "ec:P-256", "/CN=twice.example"));
        String first = issue(csr).then().statusCode(201).extract().path("serialNumber");
        String second = issue(csr).then().statusCode(201).extract().path("serialNumber");
        revoke(first, "keyCompromise");
        // the second certificate of the key was revoked with the first; asking again changes nothing
        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", "keyCompromise"))
                .post("/api/v1/certificates/" + second + "/revoke").then().statusCode(409);
        String spki = Database.strings(Database.TEST_DB, "SELECT spki_sha256 FROM certificates WHERE serial_number = '"
                + first + "'").get(0);
        assertThat(Database.strings(Database.TEST_DB, "SELECT serial_number FROM compromised_keys WHERE spki_sha256 = '"
                + spki + "'")).containsExactly(first);
    }

    private static Response issue(String csr) {
        return given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("csr", csr))
                .post("/api/v1/certificates");
    }

    private static void revoke(String serial, String reason) {
        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", reason))
                .post("/api/v1/certificates/" + serial + "/revoke").then().statusCode(200);
    }
}
