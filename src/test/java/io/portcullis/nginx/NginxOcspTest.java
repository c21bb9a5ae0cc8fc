package io.portcullis.nginx;

import static io.portcullis.nginx.NginxTestProfile.DIR;
import static io.portcullis.nginx.NginxTestProfile.OPENSSL;
import static io.portcullis.nginx.NginxTestProfile.SERVER_CERT;
import static io.portcullis.nginx.NginxTestProfile.url;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Curl;
import io.portcullis.support.Database;
import io.portcullis.support.NginxProcess;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OCSP mode with the real nginx asking the service's responder: a revocation needs no reload at all. */
@QuarkusTest
@TestProfile(NginxOcspTestProfile.class)
class NginxOcspTest {

    static final String ADMIN = "Bearer test-admin-token";
    NginxProcess nginx;

    @jakarta.inject.Inject
    io.portcullis.ca.trust.CrlPublisher publisher;

    @BeforeEach
    void deployAndStartNginx() {
        Database.execute(Database.TEST_DB, "TRUNCATE certificates");
        nginx = FreshNginx.start(publisher, DIR);
    }

    @AfterEach
    void stopNginx() {
        nginx.close();
    }

    @Test
    void revokedDeviceIsRefusedWithoutAReload() throws Exception {
        assertThat(Files.readString(DIR.resolve("nginx.conf"))).contains("ssl_ocsp on;").doesNotContain("ssl_crl");
        String[] phone = issue("ocsp-phone");
        String[] laptop = issue("ocsp-laptop");
        assertThat(Curl.withCert(url("/"), SERVER_CERT, Path.of(laptop[1]), Path.of(laptop[2])).status()).isEqualTo(200);
        long master = nginx.masterPid();
        Set<Long> workers = nginx.settledWorkerPids();
        long reloads = ((Number) status().path("reloads")).longValue();

        Instant revoking = Instant.now();
        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", "keyCompromise"))
                .post("/api/v1/certificates/" + phone[0] + "/revoke").then().statusCode(200);
        // the deployment the revocation triggered (the profile polls hourly): had it reloaded, it has done so now
        awaitDeploymentAfter(revoking);

        Curl.Response refused = Curl.withCert(url("/"), SERVER_CERT, Path.of(phone[1]), Path.of(phone[2]));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("not enrolled");
        assertThat(Curl.withCert(url("/"), SERVER_CERT, Path.of(laptop[1]), Path.of(laptop[2])).status()).isEqualTo(200);
        assertThat(nginx.masterPid()).isEqualTo(master);
        assertThat(nginx.settledWorkerPids()).as("same workers: nginx was not reloaded").isEqualTo(workers);
        assertThat(((Number) status().path("reloads")).longValue()).isEqualTo(reloads);
    }

    /** Waits until a deployment that started after {@code instant} has finished. */
    private static void awaitDeploymentAfter(Instant instant) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String attempt = null;
        while (System.nanoTime() < deadline) {
            attempt = status().path("lastAttempt");
            if (attempt != null && Instant.parse(attempt).isAfter(instant)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no nginx deployment after " + instant + " within 30 s; last attempt " + attempt);
    }

    private static io.restassured.response.Response status() {
        return given().header("Authorization", ADMIN).get("/api/v1/nginx/status");
    }

    /** Returns serial, certificate path and key path. */
    private static String[] issue(String name) {
        Path csr = OPENSSL.newCsr(name, "ec:P-256", "/CN=" + name);
        String serial = given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("csr", OPENSSL.read(csr))).post("/api/v1/certificates")
                .then().statusCode(201).extract().path("serialNumber");
        Path cert = OPENSSL.write(name + ".crt", given().header("Authorization", ADMIN)
                .get("/api/v1/certificates/" + serial).path("certificate"));
        return new String[] {serial, cert.toString(), OPENSSL.dir().resolve(name + ".key").toString()};
    }
}
