package io.portcullis.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.portcullis.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CertificateResourceTest extends FreshCertificatesTest {

    static final String ADMIN = "Bearer test-admin-token";

    @Test
    void issuesAnEcCsrThatOpensslVerifies() {
        Path csr = openssl.newCsr("device", "ec:P-256", "/CN=door.home.example/O=Home");
        Response response = given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("csr", openssl.read(csr), "validityDays", 30))
                .post("/api/v1/certificates")
                .then().statusCode(201)
                .header("Location", startsWith("/api/v1/certificates/"))
                .body("commonName", equalTo("door.home.example"))
                .body("status", equalTo("valid"))
                .extract().response();
        openssl.write("device.crt", response.path("certificate"));
        openssl.write("ca.crt", given().get("/api/v1/ca/certificate").asString());
        assertThat(openssl.ok("verify", "-CAfile", "ca.crt", "device.crt")).contains("device.crt: OK");
        assertThat(Database.count("SELECT count(*) FROM certificates WHERE status = 'valid'")).isEqualTo(1);
    }
}
