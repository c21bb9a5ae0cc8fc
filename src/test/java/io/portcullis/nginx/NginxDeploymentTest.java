package io.portcullis.nginx;

import static io.portcullis.nginx.NginxTestProfile.DIR;
import static io.portcullis.nginx.NginxTestProfile.OPENSSL;
import static io.portcullis.nginx.NginxTestProfile.SERVER_CERT;
import static io.portcullis.nginx.NginxTestProfile.UPSTREAM;
import static io.portcullis.nginx.NginxTestProfile.url;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.portcullis.support.Curl;
import io.portcullis.support.Database;
import io.portcullis.support.NginxProcess;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole path with a real nginx on loopback ports: the service renders and deploys, nginx admits
 * only devices with a valid certificate from our CA and forwards their identity to a real upstream.
 */
@QuarkusTest
@TestProfile(NginxTestProfile.class)
class NginxDeploymentTest {

    static final String ADMIN = "Bearer test-admin-token";

    NginxProcess nginx;

    /** A client certificate and its key on disk. */
    record Device(BigInteger serial, String subject, Path cert, Path key) {
    }

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
    void enrolledDeviceReachesTheUpstreamWithItsIdentity() {
        NginxProcess.test(DIR, DIR.resolve("nginx.conf"));
        Device device = issue("door");

        Curl.Response response = Curl.withCert(url("/hello"), SERVER_CERT, device.cert(), device.key());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("upstream ok");
        Map<String, List<String>> headers = UPSTREAM.last();
        assertThat(headers.get("x-client-cert-subject")).containsExactly(device.subject()).containsExactly("O=Portcullis Test,CN=door");
        assertThat(new BigInteger(headers.get("x-client-cert-serial").get(0), 16)).isEqualTo(device.serial());
        assertThat(headers.get("x-client-cert-verify")).containsExactly("SUCCESS");
        String sha1 = OPENSSL.ok("x509", "-in", device.cert().toString(), "-noout", "-fingerprint", "-sha1");
        assertThat(headers.get("x-client-cert-fingerprint").get(0))
                .isEqualToIgnoringCase(sha1.substring(sha1.indexOf('=') + 1).trim().replace(":", ""));
        assertThat(headers.get("x-forwarded-proto")).containsExactly("https");
        assertThat(headers.get("x-real-ip")).containsExactly("127.0.0.1");
    }

    @Test
    void noCertificateGets403WithTheEnrollmentHint() {
        int before = UPSTREAM.requestCount();

        Curl.Response response = Curl.get(url("/"), SERVER_CERT);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("not enrolled").contains("https://ca.example/enroll");
        assertThat(UPSTREAM.requestCount()).isEqualTo(before);
    }

    @Test
    void certificateFromAnotherCaGets403() {
        OPENSSL.ok("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=Portcullis Root CA/O=Portcullis", "-keyout", "rogue-ca.key", "-out", "rogue-ca.crt");
        Path csr = OPENSSL.newCsr("rogue", "ec:P-256", "/CN=door/O=Portcullis Test");
        OPENSSL.ok("x509", "-req", "-in", csr.toString(), "-CA", "rogue-ca.crt", "-CAkey", "rogue-ca.key",
                "-CAcreateserial", "-days", "1", "-out", "rogue.crt");
        int before = UPSTREAM.requestCount();

        Curl.Response response = Curl.withCert(url("/"), SERVER_CERT, OPENSSL.dir().resolve("rogue.crt"),
                OPENSSL.dir().resolve("rogue.key"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("not enrolled");
        assertThat(UPSTREAM.requestCount()).isEqualTo(before);
    }

    @Test
    void forgedIdentityHeadersNeverReachTheUpstream() {
        Device device = issue("window");
        String[] forged = {"-H", "X-Client-Cert-Subject: CN=admin", "-H", "X-Client-Cert-Serial: 01",
                "-H", "x-client-cert-fingerprint: 00", "-H", "X-Client-Cert-Verify: FORGED",
                "-H", "X_Client_Cert_Subject: CN=admin", "-H", "X-Forwarded-For: 10.9.9.9"};

        assertThat(Curl.withCert(url("/"), SERVER_CERT, device.cert(), device.key(), forged).status()).isEqualTo(200);

        Map<String, List<String>> headers = UPSTREAM.last();
        assertThat(headers.get("x-client-cert-subject")).containsExactly(device.subject());
        assertThat(headers.get("x-client-cert-serial")).hasSize(1).doesNotContain("01");
        assertThat(headers.get("x-client-cert-fingerprint")).hasSize(1).doesNotContain("00");
        assertThat(headers.get("x-client-cert-verify")).containsExactly("SUCCESS");
        assertThat(headers).doesNotContainKey("x_client_cert_subject");
        assertThat(headers.get("x-forwarded-for")).containsExactly("127.0.0.1");

        int before = UPSTREAM.requestCount();
        assertThat(Curl.get(url("/"), SERVER_CERT, forged).status()).isEqualTo(403);
        assertThat(UPSTREAM.requestCount()).isEqualTo(before);
    }

    @Test
    void plainHttpRedirectsToTheConfiguredName() {
        Curl.Response response = Curl.get("http://127.0.0.1:" + NginxTestProfile.HTTP_PORT + "/a?b=c", SERVER_CERT,
                "-H", "Host: evil.example");

        assertThat(response.status()).isEqualTo(301);
        assertThat(response.header("Location")).isEqualTo("https://localhost:" + NginxTestProfile.HTTPS_PORT + "/a?b=c");
        assertThat(response.header("Server")).isEqualTo("nginx");
    }

    @Test
    void revocationLocksTheDeviceOutWithin5SecondsWithoutRestartingNginx() {
        // the real revoke call: the CRL is committed, TrustMaterialChanged fires, nginx reloads
        Device revokedDevice = issue("lost-phone");
        Device other = issue("laptop");
        assertThat(Curl.withCert(url("/"), SERVER_CERT, revokedDevice.cert(), revokedDevice.key()).status()).isEqualTo(200);
        long master = nginx.masterPid();
        BigInteger crlBefore = new BigInteger(status().path("deployedCrlNumber").toString());

        long start = System.nanoTime();
        revoke(revokedDevice);
        int code = 200;
        while (code != 403 && System.nanoTime() - start < 5_000_000_000L) {
            code = Curl.withCert(url("/"), SERVER_CERT, revokedDevice.cert(), revokedDevice.key()).status();
        }

        assertThat(code).as("revoked device refused within 5 s").isEqualTo(403);
        assertThat(nginx.masterPid()).isEqualTo(master);
        assertThat(Curl.withCert(url("/"), SERVER_CERT, other.cert(), other.key()).status()).isEqualTo(200);
        // the deployer records its status once it has seen nginx apply the CRL, which may trail the first 403
        BigInteger deployed = crlBefore;
        long recorded = System.nanoTime();
        while (deployed.compareTo(crlBefore) <= 0 && System.nanoTime() - recorded < 10_000_000_000L) {
            deployed = new BigInteger(status().path("deployedCrlNumber").toString());
        }
        assertThat(deployed).isGreaterThan(crlBefore);
        // the reload nginx did on its own is in the audit trail, naming the CRL it serves
        String target = "crl-" + deployed;
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> reloads = List.of();
        while (!reloads.contains(target) && System.nanoTime() < deadline) {
            reloads = given().header("Authorization", ADMIN).queryParam("action", "nginx.reloaded").get("/api/v1/audit")
                    .then().statusCode(200).extract().path("items.findAll { it.actorId == 'nginx-sync' }.target");
        }
        assertThat(reloads).contains(target);
    }

    @Test
    void brokenCandidateKeepsNginxServingTheLastGoodConfiguration() throws IOException {
        Device device = issue("tablet");
        long master = nginx.masterPid();
        byte[] deployedCrl = Files.readAllBytes(DIR.resolve(NginxSettings.CRL));
        Path aside = SERVER_CERT.resolveSibling("server.crt.aside");
        Files.move(SERVER_CERT, aside);
        try {
            revoke(device);
            given().header("Authorization", ADMIN).post("/api/v1/nginx/reload")
                    .then().statusCode(503).contentType("application/problem+json")
                    .body("detail", containsString("nginx -t rejected"));
            lastReloadAudit().then().body(BY_ADMIN + ".outcome", equalTo("serverInternal"));
            status().then().body("error", containsString("server.crt")).body("lastSuccess", notNullValue());
            assertThat(given().get("/q/metrics").asString()).contains("portcullis_nginx_deployed 0.0");
            given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'nginx' }.data.error", containsString("nginx -t rejected"));

            assertThat(Files.readAllBytes(DIR.resolve(NginxSettings.CRL))).isEqualTo(deployedCrl);
            assertThat(nginx.masterPid()).isEqualTo(master);
            assertThat(Curl.withCert(url("/"), aside, device.cert(), device.key()).status())
                    .as("nginx still serves the previous CRL").isEqualTo(200);
        } finally {
            Files.move(aside, SERVER_CERT, StandardCopyOption.REPLACE_EXISTING);
        }
        reload().then().statusCode(200).body("error", nullValue());
        lastReloadAudit().then().body(BY_ADMIN + ".outcome", equalTo("success"))
                .body(BY_ADMIN + ".target", equalTo("crl-" + status().path("deployedCrlNumber")));
        assertThat(Curl.withCert(url("/"), SERVER_CERT, device.cert(), device.key()).status()).isEqualTo(403);
        assertThat(nginx.masterPid()).isEqualTo(master);
    }

    @Test
    void unchangedContentCausesNoReload() {
        long reloads = ((Number) reload().then().statusCode(200).extract().path("reloads")).longValue();
        Set<Long> workers = nginx.settledWorkerPids();

        reload().then().statusCode(200).body("reloads", equalTo((int) reloads)).body("nginxRunning", equalTo(true));

        assertThat(nginx.settledWorkerPids()).isEqualTo(workers);
    }

    @Test
    void withoutARunningNginxTheFilesAreWrittenAndStatusSaysSo() throws IOException {
        Device device = issue("printer");
        nginx.close();
        byte[] before = Files.readAllBytes(DIR.resolve(NginxSettings.CRL));

        revoke(device);
        reload().then().statusCode(200).body("nginxRunning", equalTo(false)).body("masterPid", nullValue());

        assertThat(Files.readAllBytes(DIR.resolve(NginxSettings.CRL))).isNotEqualTo(before);
        nginx = NginxProcess.start(DIR);
        assertThat(Curl.withCert(url("/"), SERVER_CERT, device.cert(), device.key()).status()).isEqualTo(403);
    }

    @Test
    void configEndpointRendersTheFileAndTheServerBlocks() {
        String full = given().header("Authorization", ADMIN).get("/api/v1/nginx/config")
                .then().statusCode(200).contentType(containsString("text/plain")).extract().asString();
        assertThat(full).contains("pid " + DIR + "/nginx.pid;", "ssl_verify_client optional;",
                "ssl_crl " + DIR + "/" + NginxSettings.CRL + ";", "ssl_protocols TLSv1.2 TLSv1.3;", "server_tokens off;");
        assertThat(full).isEqualTo(readString(DIR.resolve("nginx.conf")));

        String servers = given().header("Authorization", ADMIN).queryParam("format", "server").get("/api/v1/nginx/config")
                .then().statusCode(200).extract().asString();
        assertThat(servers).contains("server {").doesNotContain("http {").doesNotContain("pid ");

        given().header("Authorization", ADMIN).queryParam("format", "yaml").get("/api/v1/nginx/config")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:ietf:params:acme:error:malformed"));
        given().get("/api/v1/nginx/config").then().statusCode(401).contentType("application/problem+json");
        given().post("/api/v1/nginx/reload").then().statusCode(401);
        given().get("/api/v1/nginx/status").then().statusCode(401);
    }

    @Test
    void statusAndMetricsDescribeTheDeployedCrl() {
        reload().then().statusCode(200);
        status().then().statusCode(200)
                .body("lastSuccess", notNullValue())
                .body("deployedCrlNextUpdate", notNullValue())
                .body("caFingerprints", hasItem(given().get("/api/v1/ca").<String>path("sha256Fingerprint")))
                .body("masterPid", equalTo((int) nginx.masterPid()))
                .body("error", nullValue());
        String metrics = given().get("/q/metrics").asString();
        String line = metrics.lines().filter(l -> l.startsWith("portcullis_nginx_crl_seconds_until_next_update"))
                .findFirst().orElseThrow();
        double seconds = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        assertThat(seconds).isBetween(3.4 * 86400, 7.0 * 86400);
        assertThat(metrics).contains("portcullis_nginx_deployed 1.0");
    }

    // --- helpers ---

    /** Revokes through the API, as an operator does; the response returns once the new CRL is committed. */
    private static void revoke(Device device) {
        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", "keyCompromise"))
                .post("/api/v1/certificates/" + device.serial().toString(16) + "/revoke")
                .then().statusCode(200);
    }

    private static io.restassured.response.Response reload() {
        return given().header("Authorization", ADMIN).post("/api/v1/nginx/reload");
    }

    /** The newest {@code nginx.reloaded} row an administrator's reload wrote (nginx-sync writes its own). */
    private static final String BY_ADMIN = "items.find { it.actorId == 'bootstrap-admin' }";

    private static io.restassured.response.Response lastReloadAudit() {
        return given().header("Authorization", ADMIN).queryParam("action", "nginx.reloaded").get("/api/v1/audit");
    }

    private static io.restassured.response.Response status() {
        return given().header("Authorization", ADMIN).get("/api/v1/nginx/status");
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Device issue(String name) {
        Path csr = OPENSSL.newCsr(name, "ec:P-256", "/CN=" + name + "/O=Portcullis Test");
        io.restassured.response.Response response = given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("csr", OPENSSL.read(csr))).post("/api/v1/certificates")
                .then().statusCode(201).extract().response();
        Path cert = OPENSSL.write(name + ".crt", response.path("certificate"));
        return new Device(new BigInteger(response.<String>path("serialNumber"), 16), response.path("subject"), cert,
                OPENSSL.dir().resolve(name + ".key"));
    }
}
