package io.portcullis.api;

import static io.portcullis.api.EnrollmentApi.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Secrets never reach the log: the test profile writes the log to {@code target/quarkus-test.log}
 * (application.properties) at DEBUG for Portcullis; the test uses fresh secrets, well and badly,
 * then searches the file. The file gathers every test class of the run, so whatever ran before is searched too.
 */
@QuarkusTest
class SecretLoggingTest {

    static final Path LOG = Path.of("target/quarkus-test.log");

    @Test
    void freshTokensNeverAppearInTheLog() throws IOException {
        EnrollmentApi.reset();
        Response credential = EnrollmentApi.createCredential("ci", "issuer", List.of("*.ci.example"), null);
        String credentialToken = credential.path("token");
        Response enrollment = EnrollmentApi.createToken(bearer(credentialToken),
                Map.of("commonName", "runner.ci.example")).then().statusCode(201).extract().response();
        String enrollmentToken = enrollment.path("token");

        Openssl openssl = Openssl.inTempDir();
        String wrongCsr = openssl.read(openssl.newCsr("wrong", "ec:P-256", "/CN=other.ci.example"));
        EnrollmentApi.order(enrollmentToken, wrongCsr).then().statusCode(403);
        EnrollmentApi.order(enrollmentToken, openssl.read(openssl.newCsr("d", "ec:P-256", "/CN=runner.ci.example")))
                .then().statusCode(201);
        EnrollmentApi.order(enrollmentToken, wrongCsr).then().statusCode(401);
        given().header("Authorization", bearer(credentialToken)).contentType("application/json")
                .body("{\"csr\": \"" + credentialToken + "\"}").post("/api/v1/certificates").then().statusCode(400);
        given().header("Authorization", "Bearer " + credentialToken + "x").get("/api/v1/audit").then().statusCode(401);

        String log = Files.readString(LOG);
        assertThat(log).as("the log has this run's events").contains(credential.<String>path("id"))
                .contains(enrollment.<String>path("id"));
        assertThat(log).doesNotContain(credentialToken.substring(4)).doesNotContain(enrollmentToken.substring(4));
    }

    @Test
    void theAdminTokenAndCaPassphraseNeverAppearAndRefusalsNeverEchoATokenBack() throws IOException {
        Config config = ConfigProvider.getConfig();
        String adminToken = config.getValue("portcullis.admin-token", String.class);
        String passphrase = config.getValue("portcullis.ca.passphrase", String.class);
        Response created = EnrollmentApi.createCredential("echo-admin", "admin", null, null);
        String adminCredential = created.path("token");

        List<Response> refusals = List.of(
                given().header("Authorization", bearer(adminCredential + "x")).get("/api/v1/credentials"),
                given().header("Authorization", bearer(adminToken + "x")).get("/api/v1/credentials"),
                given().header("Authorization", "Basic " + adminCredential).get("/api/v1/credentials"),
                given().header("Authorization", bearer(adminCredential.replace('_', '-'))).get("/api/v1/credentials"),
                given().header("Authorization", bearer(adminCredential)).contentType("application/json")
                        .body("{\"csr\": \"" + adminCredential + "\"}").post("/api/v1/certificates"),
                given().header("Authorization", bearer(adminCredential)).contentType("application/json")
                        .body("{\"name\": \"" + adminToken + "\", \"role\": \"" + passphrase + "\"}")
                        .post("/api/v1/credentials"));
        for (Response refusal : refusals) {
            assertThat(refusal.statusCode()).isBetween(400, 499);
            assertThat(refusal.asString()).as("problem document").contains("urn:ietf:params:acme:error:")
                    .doesNotContain(adminCredential.substring(4)).doesNotContain(adminToken).doesNotContain(passphrase);
        }

        String log = Files.readString(LOG);
        assertThat(log).as("the log has this run's events").contains(created.<String>path("id"));
        assertThat(log).doesNotContain(adminToken).doesNotContain(passphrase).doesNotContain(adminCredential.substring(4));
    }
}
