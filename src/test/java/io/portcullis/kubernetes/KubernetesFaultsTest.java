package io.portcullis.kubernetes;

import static io.portcullis.kubernetes.KubernetesFaultsTestProfile.FAULTY;
import static io.portcullis.kubernetes.KubernetesFaultsTestProfile.LOCKED;
import static io.portcullis.kubernetes.KubernetesFaultsTestProfile.path;
import static io.portcullis.kubernetes.KubernetesFaultsTestProfile.status;
import static io.portcullis.kubernetes.MockCluster.await;
import static io.portcullis.kubernetes.MockCluster.data;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.portcullis.ca.trust.CrlPublisher;
import io.portcullis.ca.trust.PublishedCrl;
import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An API server that fails (500, 403, 409): every failure is retried with backoff and counted, the
 * status and health say so, and the CA goes on issuing and revoking meanwhile.
 */
@QuarkusTest
@TestProfile(KubernetesFaultsTestProfile.class)
@WithKubernetesTestServer(setup = KubernetesFaultsTestProfile.Faults.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesFaultsTest {

    static final String ADMIN = "Bearer test-admin-token";

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    CrlPublisher publisher;

    final Openssl openssl = Openssl.inTempDir();

    @AfterAll
    static void clearMockServerProperties() {
        MockCluster.clearSystemProperties();
    }

    @Test
    @Order(1)
    void twoServerErrorsAndTwoRefusalsAreRetriedWithBackoffAndTheTargetHeals() {
        // backoff 1 + 2 + 4 + 8 s before the fifth attempt succeeds
        await(Duration.ofSeconds(45), FAULTY + " written after the faults", () -> target(FAULTY).get("lastSuccess") != null);

        Map<String, Object> faulty = target(FAULTY);
        assertThat(faulty.get("failures")).as("every failure counted, none hidden by client retries").isEqualTo(4);
        assertThat(faulty.get("consecutiveFailures")).isEqualTo(0);
        assertThat(faulty.get("lastError")).isNull();
        assertThat(faulty.get("stale")).isEqualTo(false);
        assertThat(faulty.get("lastOutcome")).isEqualTo("CREATED");
        assertThat(secret().getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "portcullis");
        assertThat(metric("portcullis_kubernetes_write_failures_total", FAULTY)).isEqualTo(4.0);
    }

    @Test
    @Order(2)
    void aTargetTheApiAlwaysRefusesStaysStaleWhileIssuingRevokingAndTheOtherTargetGoOn() {
        await(Duration.ofSeconds(45), FAULTY + " written", () -> target(FAULTY).get("lastSuccess") != null);
        Map<String, Object> locked = target(LOCKED);
        assertThat(locked.get("stale")).isEqualTo(true);
        assertThat(locked.get("lastSuccess")).isNull();
        assertThat((String) locked.get("lastError")).contains("403").contains("Role");
        assertThat((Integer) locked.get("failures")).isPositive();

        String serial = issue("door");
        var revoked = given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", "superseded"))
                .post("/api/v1/certificates/" + serial + "/revoke").then().statusCode(200).extract();
        BigInteger crlNumber = new BigInteger(revoked.path("crlNumber").toString());
        await(Duration.ofSeconds(5), "the revocation reached " + FAULTY,
                () -> new BigInteger(target(FAULTY).get("crlNumber").toString()).compareTo(crlNumber) >= 0);

        JsonPath health = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(health.getString("checks.find { it.name == 'kubernetes' }.status")).isEqualTo("UP");
        assertThat(health.getString("checks.find { it.name == 'kubernetes' }.data.state")).isEqualTo("degraded");
        assertThat(health.getString("checks.find { it.name == 'kubernetes' }.data.staleTargets")).isEqualTo(LOCKED.toString());
        assertThat(metric("portcullis_kubernetes_target_stale", LOCKED)).isEqualTo(1.0);
        assertThat(metric("portcullis_kubernetes_target_stale", FAULTY)).isEqualTo(0.0);
        assertThat(metric("portcullis_kubernetes_crl_seconds_until_next_update", LOCKED)).isNaN();
    }

    @Test
    @Order(3)
    void aWriteThatLosesARaceIsReadAgainAndRetriedWithoutCountingAFailure() throws InterruptedException {
        await(Duration.ofSeconds(45), FAULTY + " written", () -> target(FAULTY).get("lastSuccess") != null);
        int failures = (Integer) target(FAULTY).get("failures");
        while (server.getKubernetesMockServer().takeRequest(10, TimeUnit.MILLISECONDS) != null) {
            // forget the requests so far: only the PUTs of the write below are counted
        }
        server.expect().put().withPath(path(FAULTY)).andReturn(409, status(409, "Conflict", "the object has been modified")).once();

        PublishedCrl next = publisher.publish("test");

        await(Duration.ofSeconds(5), FAULTY + " holds CRL " + next.number(),
                () -> crlNumberOf(secret()).compareTo(next.number()) >= 0);
        int puts = 0;
        for (RecordedRequest r; (r = server.getKubernetesMockServer().takeRequest(10, TimeUnit.MILLISECONDS)) != null; ) {
            puts += "PUT".equals(r.getMethod()) && r.getPath().equals(path(FAULTY)) ? 1 : 0;
        }
        assertThat(puts).as("the refused PUT and the one after reading again").isGreaterThanOrEqualTo(2);
        assertThat(target(FAULTY).get("failures")).isEqualTo(failures);
        assertThat(target(FAULTY).get("lastOutcome")).isEqualTo("UPDATED");
    }

    // --- helpers ---

    private Map<String, Object> target(KubernetesTarget target) {
        return given().header("Authorization", ADMIN).get("/api/v1/kubernetes/status").then().statusCode(200).extract()
                .jsonPath().getMap("targets.find { it.target == '" + target + "' }");
    }

    private Secret secret() {
        return server.getClient().secrets().inNamespace(FAULTY.namespace()).withName(FAULTY.name()).get();
    }

    private BigInteger crlNumberOf(Secret secret) {
        Path file = openssl.write("held.crl", data(secret, "ca.crl"));
        return new BigInteger(openssl.ok("crl", "-in", file.toString(), "-noout", "-crlnumber").trim().replace("crlNumber=0x", ""),
                16);
    }

    private static double metric(String name, KubernetesTarget target) {
        String line = given().get("/q/metrics").asString().lines()
                .filter(l -> l.startsWith(name + "{") && l.contains("target=\"" + target + "\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " for " + target));
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private String issue(String name) {
        Path csr = openssl.newCsr(name, "ec:P-256", "/CN=" + name + ".home.example/O=Home",
                "-addext", "subjectAltName=DNS:" + name + ".home.example");
        return given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("csr", openssl.read(csr), "validityDays", 30))
                .post("/api/v1/certificates").then().statusCode(201).extract().path("serialNumber");
    }
}
