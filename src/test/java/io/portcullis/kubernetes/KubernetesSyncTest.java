package io.portcullis.kubernetes;

import static io.portcullis.kubernetes.KubernetesTestProfile.F5;
import static io.portcullis.kubernetes.KubernetesTestProfile.GATEWAY;
import static io.portcullis.kubernetes.KubernetesTestProfile.INGRESS;
import static io.portcullis.kubernetes.MockCluster.await;
import static io.portcullis.kubernetes.MockCluster.data;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.portcullis.ca.trust.CrlPublisher;
import io.portcullis.ca.trust.PublishedCrl;
import io.portcullis.ca.trust.TrustMaterial;
import io.portcullis.support.Openssl;
import io.portcullis.support.OpensslCa;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The targets of {@link KubernetesTestProfile} against fabric8's mock API server in CRUD mode (it
 * keeps objects and resourceVersions like an API server); what is written is read back with the
 * real openssl CLI.
 */
@QuarkusTest
@TestProfile(KubernetesTestProfile.class)
@WithKubernetesTestServer
class KubernetesSyncTest {

    static final String ADMIN = "Bearer test-admin-token";
    static final Duration WRITE = Duration.ofSeconds(10);

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    CrlPublisher publisher;

    @Inject
    TrustMaterial trustMaterial;

    @Inject
    Clock clock;

    final Openssl openssl = Openssl.inTempDir();

    @AfterAll
    static void clearMockServerProperties() {
        MockCluster.clearSystemProperties();
    }

    @Test
    void theThreeKindsAreCreatedWithTheirTypeKeysAndLabelAndOpensslVerifiesTheCrl() {
        Secret ingress = awaitSecretWithCrl(INGRESS, current().number());
        Secret f5 = awaitSecretWithCrl(F5, current().number());
        ConfigMap gateway = awaitConfigMap();

        assertThat(ingress.getType()).isEqualTo("Opaque");
        assertThat(f5.getType()).isEqualTo("nginx.org/ca");
        for (Secret secret : new Secret[] {ingress, f5}) {
            assertThat(secret.getData()).containsOnlyKeys("ca.crt", "ca.crl");
            assertThat(secret.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "portcullis");
            assertThat(data(secret, "ca.crt")).isEqualTo(given().get("/api/v1/ca/bundle").asString());
        }
        assertThat(gateway.getData()).containsOnlyKeys("ca.crt");
        assertThat(gateway.getData().get("ca.crt")).isEqualTo(trustMaterial.caBundlePem());
        assertThat(gateway.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "portcullis");

        Path caCrt = openssl.write("ca.crt", data(ingress, "ca.crt"));
        Path caCrl = openssl.write("ca.crl", data(ingress, "ca.crl"));
        Openssl.Result verified = openssl.run("crl", "-in", caCrl.toString(), "-CAfile", caCrt.toString(), "-noout");
        assertThat(verified.ok()).as(verified.output()).isTrue();
        assertThat(verified.output()).contains("verify OK");
        assertThat(crlNumberOf(ingress)).isEqualTo(current().number());
    }

    @Test
    void aRevocationReachesBothSecretsWithinFiveSecondsAndOpensslThenRefusesTheDevice() {
        String apiSerial = issue("lost");
        Path device = openssl.dir().resolve("lost.crt");
        String serial = openssl.ok("x509", "-in", device.toString(), "-noout", "-serial").trim().replace("serial=", "");
        Secret before = awaitSecretWithCrl(INGRESS, current().number());
        Path caCrt = openssl.write("ca.crt", data(before, "ca.crt"));
        assertThat(openssl.ok("verify", "-crl_check", "-CAfile", caCrt.toString(), "-CRLfile",
                openssl.write("before.crl", data(before, "ca.crl")).toString(), device.toString())).contains(": OK");

        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", "keyCompromise"))
                .post("/api/v1/certificates/" + apiSerial + "/revoke").then().statusCode(200);

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (KubernetesTarget target : new KubernetesTarget[] {INGRESS, F5}) {
            while (!listsSerial(secret(target), serial)) {
                assertThat(System.nanoTime()).as("the revocation reached %s within 5 s", target).isLessThan(deadline);
                pause();
            }
        }
        Path crl = openssl.write("after.crl", data(secret(INGRESS), "ca.crl"));
        Openssl.Result refused = openssl.run("verify", "-crl_check", "-CAfile", caCrt.toString(), "-CRLfile", crl.toString(),
                device.toString());
        assertThat(refused.ok()).isFalse();
        assertThat(refused.output()).contains("certificate revoked");
    }

    @Test
    void otherKeysAndLabelsAreKeptAndADeletedSecretIsCreatedAgain() {
        Secret written = awaitSecretWithCrl(INGRESS, current().number());
        Secret edited = new SecretBuilder(written).editMetadata().addToLabels("team", "edge").endMetadata()
                .addToData("note", Base64.getEncoder().encodeToString("kept".getBytes(StandardCharsets.US_ASCII))).build();
        client().secrets().inNamespace(INGRESS.namespace()).resource(edited).update();

        PublishedCrl next = publisher.publish("test");

        Secret updated = awaitSecretWithCrl(INGRESS, next.number());
        assertThat(data(updated, "note")).isEqualTo("kept");
        assertThat(updated.getMetadata().getLabels()).containsEntry("team", "edge");

        client().secrets().inNamespace(INGRESS.namespace()).withName(INGRESS.name()).delete();
        Secret recreated = awaitSecretWithCrl(INGRESS, next.number());
        assertThat(recreated.getData()).containsOnlyKeys("ca.crt", "ca.crl");
    }

    @Test
    void aLowerNumberedCrlNeverReplacesAHigherOneButAForeignCrlIsReplaced() {
        PublishedCrl older = current();
        PublishedCrl newer = publisher.publish("test");
        awaitSecretWithCrl(INGRESS, newer.number());
        TrustObjectWriter staleReplica = new TrustObjectWriter(client(), clock);

        TrustObjectWriter.Result result = staleReplica.write(INGRESS, trustMaterial.caBundlePem(), older);

        assertThat(result.outcome()).isEqualTo(WriteOutcome.KEPT_NEWER);
        assertThat(result.crlNumber()).isEqualTo(newer.number());
        assertThat(crlNumberOf(secret(INGRESS))).isEqualTo(newer.number());

        // a CRL of another CA, numbered far higher, has no say over ours
        OpensslCa other = OpensslCa.create(openssl, "other");
        openssl.write("other-crlnumber", "2710\n");
        Secret foreign = new SecretBuilder(secret(INGRESS)).addToData("ca.crl",
                Base64.getEncoder().encodeToString(other.crl().getBytes(StandardCharsets.US_ASCII))).build();
        client().secrets().inNamespace(INGRESS.namespace()).resource(foreign).update();
        assertThat(crlNumberOf(secret(INGRESS))).isEqualTo(BigInteger.valueOf(0x2710));

        assertThat(staleReplica.write(INGRESS, trustMaterial.caBundlePem(), newer).outcome()).isEqualTo(WriteOutcome.UPDATED);
        assertThat(crlNumberOf(secret(INGRESS))).isEqualTo(newer.number());
    }

    @Test
    void anExpiredCrlIsNeverWrittenAndTheObjectStaysAsItWas() {
        PublishedCrl crl = current();
        Secret before = awaitSecretWithCrl(INGRESS, crl.number());
        client().secrets().inNamespace(INGRESS.namespace()).withName(INGRESS.name()).delete();
        Clock pastNextUpdate = Clock.offset(Clock.systemUTC(), Duration.between(clock.instant(), crl.nextUpdate()).plusSeconds(1));

        assertThatThrownBy(() -> new TrustObjectWriter(client(), pastNextUpdate).write(INGRESS, trustMaterial.caBundlePem(), crl))
                .isInstanceOf(KubernetesSyncException.class).hasMessageContaining("expired");
        assertThatThrownBy(() -> new TrustObjectWriter(client(), pastNextUpdate).write(F5, trustMaterial.caBundlePem(), crl))
                .isInstanceOf(KubernetesSyncException.class).hasMessageContaining("never written");
        assertThat(before.getMetadata().getResourceVersion()).isNotNull();
        // the sync itself (real clock) writes it again: the deletion above was only to prove nothing was created
        awaitSecretWithCrl(INGRESS, crl.number());
    }

    @Test
    void theStatusTellsPerTargetWhatWasWrittenToAdminsOnly() {
        PublishedCrl crl = current();
        awaitSecretWithCrl(INGRESS, crl.number());
        await(WRITE, "every target written", () -> given().header("Authorization", ADMIN).get("/api/v1/kubernetes/status")
                .then().extract().jsonPath().getList("targets.findAll { it.lastSuccess != null }").size() == 3);

        var status = given().header("Authorization", ADMIN).get("/api/v1/kubernetes/status").then().statusCode(200)
                .extract().jsonPath();
        assertThat(status.getBoolean("enabled")).isTrue();
        assertThat(status.getList("targets.target")).containsExactly(INGRESS.toString(), F5.toString(), GATEWAY.toString());
        assertThat(status.getList("targets.objectKind")).containsExactly("Secret", "Secret", "ConfigMap");
        assertThat(status.getList("targets.stale")).containsOnly(false);
        assertThat(status.getList("targets.lastError")).containsOnlyNulls();
        assertThat(new BigInteger(status.getString("targets[0].crlNumber"))).isGreaterThanOrEqualTo(crl.number());
        assertThat(status.getString("targets[0].crlNextUpdate")).isNotNull();

        given().get("/api/v1/kubernetes/status").then().statusCode(401);
        given().header("Authorization", "Bearer not-the-admin-token").get("/api/v1/kubernetes/status").then().statusCode(401);

        var health = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertThat(health.getString("checks.find { it.name == 'kubernetes' }.status")).isEqualTo("UP");
        assertThat(health.getString("checks.find { it.name == 'kubernetes' }.data.state")).isEqualTo("ok");

        String metrics = given().get("/q/metrics").asString();
        String gauge = metrics.lines().filter(l -> l.startsWith("portcullis_kubernetes_crl_seconds_until_next_update{")
                && l.contains("target=\"" + INGRESS + "\"")).findFirst().orElseThrow();
        double seconds = Double.parseDouble(gauge.substring(gauge.lastIndexOf(' ') + 1));
        assertThat(seconds).isPositive().isLessThanOrEqualTo(Duration.ofDays(7).toSeconds()); // the CRL validity, P7D
        assertThat(metrics).contains("portcullis_kubernetes_write_failures_total{target=\"" + F5 + "\"} 0.0")
                .contains("portcullis_kubernetes_target_stale{target=\"" + GATEWAY + "\"} 0.0");
    }

    @Test
    void twoReplicasWritingAtOnceAlwaysEndOnTheNewerCrl() throws Exception {
        KubernetesTarget race = KubernetesTarget.parse("ingress-nginx:race/portcullis-client-ca");
        PublishedCrl older = current();
        PublishedCrl newer = publisher.publish("test");
        String bundle = trustMaterial.caBundlePem();
        var threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try (KubernetesClient a = server.getKubernetesMockServer().createClient();
                KubernetesClient b = server.getKubernetesMockServer().createClient()) {
            TrustObjectWriter stale = new TrustObjectWriter(a, clock);
            TrustObjectWriter fresh = new TrustObjectWriter(b, clock);
            for (int round = 0; round < 20; round++) {
                if (round % 2 == 0) {
                    client().secrets().inNamespace(race.namespace()).withName(race.name()).delete();
                } else {
                    stale.write(race, bundle, older); // the stale replica got there first
                }
                var start = new java.util.concurrent.CyclicBarrier(2);
                var first = threads.submit(() -> {
                    start.await();
                    return stale.write(race, bundle, older);
                });
                var second = threads.submit(() -> {
                    start.await();
                    return fresh.write(race, bundle, newer);
                });
                assertThat(first.get().outcome()).as("round %d", round).isIn(WriteOutcome.KEPT_NEWER, WriteOutcome.CREATED,
                        WriteOutcome.UPDATED);
                assertThat(second.get().crlNumber()).isEqualTo(newer.number());
                assertThat(crlNumberOf(secret(race))).as("round %d", round).isEqualTo(newer.number());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void kubectlReadsTheSecretThatOpensslThenVerifiesWithTheCa() {
        Secret written = awaitSecretWithCrl(INGRESS, current().number());
        Discovery.serve(server);
        String server = "--server=" + client().getConfiguration().getMasterUrl();

        String listed = Kubectl.ok(server, "get", "secrets", "-n", INGRESS.namespace(), "-l", "app.kubernetes.io/managed-by=portcullis",
                "-o", "name");
        assertThat(listed.lines()).contains("secret/" + INGRESS.name(), "secret/" + F5.name());
        String type = Kubectl.ok(server, "get", "secret", F5.name(), "-n", F5.namespace(), "-o", "jsonpath={.type}");
        assertThat(type).isEqualTo("nginx.org/ca");
        String crl = new String(Base64.getDecoder().decode(Kubectl.ok(server, "get", "secret", INGRESS.name(), "-n",
                INGRESS.namespace(), "-o", "jsonpath={.data.ca\\.crl}").trim()), StandardCharsets.US_ASCII);
        String ca = new String(Base64.getDecoder().decode(Kubectl.ok(server, "get", "secret", INGRESS.name(), "-n",
                INGRESS.namespace(), "-o", "jsonpath={.data.ca\\.crt}").trim()), StandardCharsets.US_ASCII);
        assertThat(crl).isEqualTo(data(written, "ca.crl"));

        Path caFile = openssl.write("kubectl-ca.crt", ca);
        Path crlFile = openssl.write("kubectl-ca.crl", crl);
        Openssl.Result verified = openssl.run("crl", "-in", crlFile.toString(), "-CAfile", caFile.toString(), "-noout");
        assertThat(verified.output()).contains("verify OK");
        Path otherCa = OpensslCa.create(openssl, "stranger").certificate();
        Openssl.Result refused = openssl.run("crl", "-in", crlFile.toString(), "-CAfile", otherCa.toString(), "-noout");
        assertThat(refused.output()).doesNotContain("verify OK");
    }

    // --- helpers ---

    private KubernetesClient client() {
        return server.getClient();
    }

    private PublishedCrl current() {
        return trustMaterial.currentCrl().orElseThrow();
    }

    private Secret secret(KubernetesTarget target) {
        return client().secrets().inNamespace(target.namespace()).withName(target.name()).get();
    }

    private Secret awaitSecretWithCrl(KubernetesTarget target, BigInteger atLeast) {
        await(WRITE, target + " holds CRL " + atLeast, () -> {
            Secret s = secret(target);
            return s != null && data(s, "ca.crl") != null && crlNumberOf(s).compareTo(atLeast) >= 0;
        });
        return secret(target);
    }

    private ConfigMap awaitConfigMap() {
        await(WRITE, GATEWAY + " exists", () -> client().configMaps().inNamespace(GATEWAY.namespace()).withName(GATEWAY.name())
                .get() != null);
        return client().configMaps().inNamespace(GATEWAY.namespace()).withName(GATEWAY.name()).get();
    }

    private BigInteger crlNumberOf(Secret secret) {
        Path file = openssl.write("number.crl", data(secret, "ca.crl"));
        return new BigInteger(openssl.ok("crl", "-in", file.toString(), "-noout", "-crlnumber").trim().replace("crlNumber=0x", ""),
                16);
    }

    private boolean listsSerial(Secret secret, String serialHex) {
        Path file = openssl.write("listed.crl", data(secret, "ca.crl"));
        return openssl.ok("crl", "-in", file.toString(), "-noout", "-text").toUpperCase().replace(" ", "")
                .contains("SERIALNUMBER:" + serialHex.toUpperCase());
    }

    /** Issues {@code <name>.crt} through the API; returns the serial as the API names it. */
    private String issue(String name) {
        Path csr = openssl.newCsr(name, "ec:P-256", "/CN=" + name + ".home.example/O=Home",
                "-addext", "subjectAltName=DNS:" + name + ".home.example");
        var issued = given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("csr", openssl.read(csr), "validityDays", 30))
                .post("/api/v1/certificates").then().statusCode(201).extract();
        openssl.write(name + ".crt", issued.path("certificate"));
        return issued.path("serialNumber");
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
