package io.portcullis.api;

import static io.portcullis.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading records back: one by serial (JSON or PEM chain) and listings with filters and pages. */
@QuarkusTest
class CertificateRecordsTest extends FreshCertificatesTest {

    static final String ADMIN = "Bearer test-admin-token";

    @Test
    void aRecordReadsBackAsJsonAndAsAPemChain() {
        Response issued = issue("door.example", 30, "-addext", "subjectAltName=DNS:door.example");
        String serial = issued.path("serialNumber");
        assertThat(serial).matches("[1-9a-f][0-9a-f]*");

        Response record = given().header("Authorization", ADMIN).get("/api/v1/certificates/" + serial)
                .then().statusCode(200).contentType("application/json").extract().response();
        for (String field : List.of("serialNumber", "subject", "commonName", "notBefore", "notAfter", "status",
                "keyAlgorithm", "sha256Fingerprint", "certificate", "chain")) {
            assertThat(record.<Object>path(field)).as(field).isEqualTo(issued.path(field));
        }
        assertThat(record.<List<String>>path("subjectAltNames")).containsExactly("DNS:door.example");
        assertThat(record.<String>path("status")).isEqualTo("valid");
        assertThat(record.<String>path("notAfter")).endsWith("Z");
        String caPem = given().get("/api/v1/ca/certificate").asString();
        assertThat(record.<String>path("chain")).isEqualTo(record.<String>path("certificate") + caPem);

        String chain = given().header("Authorization", ADMIN).accept("application/x-pem-file")
                .get("/api/v1/certificates/" + serial).then().statusCode(200).contentType("application/x-pem-file")
                .extract().asString();
        assertThat(chain).isEqualTo(record.<String>path("chain"));
        openssl.write("leaf.crt", record.<String>path("certificate"));
        openssl.write("chain.pem", chain);
        String fingerprint = openssl.ok("x509", "-in", "leaf.crt", "-noout", "-fingerprint", "-sha256");
        assertThat(fingerprint.replace(":", "").toLowerCase()).contains(record.<String>path("sha256Fingerprint"));
        assertThat(openssl.ok("verify", "-CAfile", "chain.pem", "leaf.crt")).contains("leaf.crt: OK");

        // openssl's spelling of the serial finds the same record
        String opensslSerial = openssl.ok("x509", "-in", "leaf.crt", "-noout", "-serial").trim().substring("serial=".length());
        given().header("Authorization", ADMIN).get("/api/v1/certificates/" + colons(opensslSerial))
                .then().statusCode(200);
        given().header("Authorization", ADMIN).get("/api/v1/certificates/00" + opensslSerial)
                .then().statusCode(200);
    }

    @Test
    void listingsFilterAndPageNewestFirst() {
        String first = issue("alpha.example", 30).path("serialNumber");
        String second = issue("beta.example", 5).path("serialNumber");
        String third = issue("alpha.example", 200).path("serialNumber");

        Response all = list(Map.of());
        assertThat(all.<Integer>path("total")).isEqualTo(3);
        assertThat(all.<List<String>>path("items.serialNumber")).containsExactly(third, second, first);
        assertThat(all.<Integer>path("page")).isZero();
        assertThat(all.<Integer>path("size")).isEqualTo(50);

        assertThat(list(Map.of("commonName", "alpha.example")).<List<String>>path("items.serialNumber"))
                .containsExactly(third, first);
        assertThat(list(Map.of("commonName", "nobody.example")).<Integer>path("total")).isZero();
        assertThat(list(Map.of("status", "valid")).<Integer>path("total")).isEqualTo(3);
        assertThat(list(Map.of("status", "revoked")).<Integer>path("total")).isZero();
        assertThat(list(Map.of("status", "expired")).<Integer>path("total")).isZero();
        assertThat(list(Map.of("expiringWithinDays", 10)).<List<String>>path("items.serialNumber")).containsExactly(second);
        assertThat(list(Map.of("expiringWithinDays", 60)).<List<String>>path("items.serialNumber")).containsExactly(second, first);

        Response page1 = list(Map.of("size", 2, "page", 1));
        assertThat(page1.<Integer>path("total")).isEqualTo(3);
        assertThat(page1.<Integer>path("page")).isEqualTo(1);
        assertThat(page1.<Integer>path("size")).isEqualTo(2);
        assertThat(page1.<List<String>>path("items.serialNumber")).containsExactly(first);
        assertThat(list(Map.of("size", 2, "page", 5)).<List<Object>>path("items")).isEmpty();
    }

    @Test
    void aPendingIntentIsNeitherFoundNorListed() {
        Database.execute(Database.TEST_DB, "INSERT INTO devices (id, status, subject, key_algorithm, spki_sha256, enrolled_by,"
                + " initial_lifetime_seconds, current_serial, created_at) VALUES ('pending-device', 'active', 'CN=x',"
                + " 'EC-P256', '00', 'admin:x', 86400, 'abcdef0123456789', now())");
        Database.execute(Database.TEST_DB, "INSERT INTO certificates (serial_number, status, subject, not_before, not_after,"
                + " key_algorithm, spki_sha256, csr, issued_by, issued_at, device_id) VALUES ('abcdef0123456789', 'pending',"
                + " 'CN=x', now(), now() + interval '1 day', 'EC-P256', '00', '\\x00', 'admin:x', now(), 'pending-device')");
        assertProblem(given().header("Authorization", ADMIN).get("/api/v1/certificates/abcdef0123456789"), 404, "malformed");
        assertThat(list(Map.of()).<Integer>path("total")).isZero();
    }

    private Response issue(String commonName, int days, String... extra) {
        String csr = openssl.read(openssl.newCsr(commonName, "ec:P-256", "/CN=" + commonName, extra));
        return given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("csr", csr, "validityDays", days)).post("/api/v1/certificates")
                .then().statusCode(201).extract().response();
    }

    private static Response list(Map<String, ?> query) {
        return given().header("Authorization", ADMIN).queryParams(query).get("/api/v1/certificates")
                .then().statusCode(200).extract().response();
    }

    private static String colons(String hex) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            out.append(i == 0 ? "" : ":").append(hex, i, Math.min(i + 2, hex.length()));
        }
        return out.toString();
    }
}
