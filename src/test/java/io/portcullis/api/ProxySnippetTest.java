package io.portcullis.api;

import static io.portcullis.support.SecurityLimitsProfile.FAILED_AUTH;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.ca.Actor;
import io.portcullis.ca.trust.CrlPublisher;
import io.portcullis.credential.Credentials;
import io.portcullis.support.Curl;
import io.portcullis.support.Database;
import io.portcullis.support.DocumentedProxy;
import io.portcullis.support.NginxProcess;
import io.portcullis.support.Openssl;
import io.portcullis.support.Ports;
import io.portcullis.support.SecurityLimitsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The documented "presented certificates through nginx" snippet, taken from src/docs/operations.md so
 * the two cannot drift, run in a real nginx in front of the service (connecting from the tests' trusted
 * proxy address): a client's forged {@code X-Forwarded-For} never reaches the audit trail nor buys it
 * fresh rate-limit buckets, and a client's own certificate header is never passed on.
 */
@QuarkusTest
@TestProfile(SecurityLimitsProfile.class)
class ProxySnippetTest {

    @Inject
    Credentials credentials;

    @Inject
    CrlPublisher crls;

    final Openssl openssl = Openssl.inTempDir();
    NginxProcess nginx;
    String url;

    @BeforeEach
    void startNginx() throws IOException {
        Path dir = openssl.dir().resolve("nginx");
        Files.createDirectories(dir);
        // nginx refuses a CRL that is not yet valid: other classes may have published one under a moved clock
        crls.publish("test");
        Files.writeString(dir.resolve("ca-bundle.pem"), given().get("/api/v1/ca/bundle").then().statusCode(200).extract().asString());
        Files.writeString(dir.resolve("crl.pem"), given().get("/api/v1/crl.pem").then().statusCode(200).extract().asString());
        openssl.ok("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "nginx/server.key", "-subj", "/CN=127.0.0.1", "-days", "2", "-out", "nginx/server.crt",
                "-addext", "subjectAltName=IP:127.0.0.1");

        int port = Ports.free();
        nginx = DocumentedProxy.start(dir, port, "http://127.0.0.1:" + RestAssured.port + "/", Lifecycle.TRUSTED_PROXY_ADDRESS);
        url = "https://127.0.0.1:" + port + "/portcullis";
    }

    @AfterEach
    void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void aForgedForwardedForDoesNotReachTheAuditTrail() {
        String name = "audited-" + UUID.randomUUID() + ".proxy.example";
        String csr = "{\"csr\": \"" + openssl.read(openssl.newCsr("audited", "ec:P-256", "/CN=" + name))
                .replace("\n", "\\n") + "\"}";
        Curl.Response issued = post("127.0.0.81", "/api/v1/certificates", csr,
                "-H", "Authorization: Bearer " + credential("issuer", List.of("*.proxy.example")),
                "-H", "X-Forwarded-For: 203.0.113.99");
        assertThat(issued.status()).as(issued.body() + nginx.errorLog()).isEqualTo(201);
        String serial = issued.body().replaceAll("(?s).*\"serialNumber\"\\s*:\\s*\"([0-9a-f]+)\".*", "$1");
        assertThat(Database.strings(Database.TEST_DB, "SELECT remote_address FROM audit_events"
                + " WHERE action = 'certificate.issued' AND target = '" + serial + "'"))
                .as("the address nginx saw, not the one the client wrote").containsExactly("127.0.0.81");
    }

    @Test
    void rotatingAForgedForwardedForStillHitsTheFailedAuthenticationLimit() {
        for (int i = 0; i < FAILED_AUTH; i++) {
            Curl.Response refused = post("127.0.0.82", "/api/v1/certificates", "{}",
                    "-H", "Authorization: Bearer pcc_" + UUID.randomUUID().toString().replace("-", "") + "AAAAAAAAAAA",
                    "-H", "X-Forwarded-For: 198.51.100." + (10 + i));
            assertThat(refused.status()).as(refused.body()).isEqualTo(401);
        }
        Curl.Response limited = post("127.0.0.82", "/api/v1/certificates", "{}",
                "-H", "Authorization: Bearer " + credential("issuer", List.of("*.proxy.example")),
                "-H", "X-Forwarded-For: 198.51.100.99");
        assertThat(limited.status()).as(limited.body()).isEqualTo(429);
        assertThat(limited.body()).contains("urn:ietf:params:acme:error:rateLimited").contains("refused tokens");
        assertThat(limited.header("Retry-After")).matches("[1-9][0-9]*");
    }

    @Test
    void aClientsOwnCertificateHeaderIsReplacedByTheOneNginxVerified() {
        Lifecycle.Issued victim = Lifecycle.issue(openssl, "victim-" + UUID.randomUUID(), 1);
        Curl.Response forged = post("127.0.0.83", "/api/v1/certificates/" + victim.serial() + "/revoke", "{}",
                "-H", "ssl-client-cert: " + Lifecycle.escaped(victim.pem()));
        assertThat(forged.status()).as(forged.body()).isEqualTo(401);
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates WHERE serial_number = ?"
                + " AND status = 'revoked'", victim.serial())).as("the forged header revoked nothing").isZero();

        Curl.Response presented = post("127.0.0.83", "/api/v1/certificates/" + victim.serial() + "/revoke", "{}",
                "--cert", victim.certificate().toString(), "--key", victim.key().toString());
        assertThat(presented.status()).as("the holder presenting its certificate to nginx: " + presented.body())
                .isEqualTo(200);
    }

    private Curl.Response post(String from, String path, String json, String... extra) {
        List<String> args = new ArrayList<>(List.of("--interface", from, "-X", "POST",
                "-H", "Content-Type: application/json", "--data-binary", json));
        args.addAll(List.of(extra));
        return Curl.get(url + path, openssl.dir().resolve("nginx/server.crt"), args.toArray(String[]::new));
    }

    private String credential(String role, List<String> allowedNames) {
        return credentials.create(new Credentials.CredentialSpec("proxy-snippet-test", role, allowedNames, null, null, null, null, null), Actor.BOOTSTRAP_ADMIN).token();
    }
}
