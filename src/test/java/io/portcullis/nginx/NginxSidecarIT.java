package io.portcullis.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.support.AppProcess;
import io.portcullis.support.Database;
import io.portcullis.support.Curl;
import io.portcullis.support.NginxProcess;
import io.portcullis.support.Openssl;
import io.portcullis.support.Ports;
import io.portcullis.support.OpensslCa;
import io.portcullis.support.TrustEndpoints;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar in the sidecar role, as an operator runs it next to nginx: no database at all,
 * trust material polled from a CA over HTTP (the packaged CA itself, or a real HTTP server publishing
 * CRLs made by {@code openssl ca} where the test controls the CA), the real nginx reloaded when the CRL changes.
 */
class NginxSidecarIT {

    static final String TOKEN = "sidecar-it-admin-token-0123456789abcdef0123456789abcdef";
    final Openssl openssl = Openssl.inTempDir();
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void keepsNginxInStepWithTheCaWithoutADatabase() throws Exception {
        OpensslCa ca = OpensslCa.create(openssl, "sidecar");
        Path phone = ca.issue("phone");
        Path laptop = ca.issue("laptop");
        Path dir = Files.createTempDirectory("portcullis-sidecar").toRealPath();
        int httpsPort = Ports.free();
        Path serverCert = openssl.localServerCertificate();
        String url = "https://127.0.0.1:" + httpsPort + "/";

        try (TrustEndpoints caEndpoints = TrustEndpoints.start(openssl.read(ca.certificate()), ca.crlDer());
                io.portcullis.support.Upstream upstream = io.portcullis.support.Upstream.start();
                AppProcess sidecar = sidecar(caEndpoints.url(), dir, httpsPort, upstream.port(), serverCert).start()) {
            sidecar.awaitReady(Duration.ofSeconds(60));
            assertThat(get(sidecar, "/api/v1/nginx/status").body()).contains("\"deployedCrlNumber\":1")
                    .contains("\"nginxRunning\":false");

            try (NginxProcess nginx = NginxProcess.start(dir)) {
                long master = nginx.masterPid();
                assertThat(Curl.withCert(url, serverCert, phone, key("phone")).status()).isEqualTo(200);

                ca.revoke(phone);
                caEndpoints.publish(openssl.read(ca.certificate()), ca.crlDer());
                long start = System.nanoTime();
                int code = 200;
                while (code != 403 && System.nanoTime() - start < 5_000_000_000L) {
                    code = Curl.withCert(url, serverCert, phone, key("phone")).status();
                }
                assertThat(code).as("revoked device refused within 5 s of publication").isEqualTo(403);
                assertThat(nginx.masterPid()).isEqualTo(master);
                assertThat(Curl.withCert(url, serverCert, laptop, key("laptop")).status()).isEqualTo(200);

                caEndpoints.pause();
                awaitStatusContaining(sidecar, "cannot reach the CA");
                assertThat(get(sidecar, "/q/health/ready").statusCode()).isEqualTo(200);
                assertThat(Curl.withCert(url, serverCert, laptop, key("laptop")).status()).isEqualTo(200);
                assertThat(Curl.withCert(url, serverCert, phone, key("phone")).status()).isEqualTo(403);
                assertThat(nginx.masterPid()).isEqualTo(master);
                caEndpoints.resume();
            }
        }
    }

    @Test
    void againstTheRealCaARevocationIsPushedAndLocksTheDeviceOutWithin5Seconds() throws Exception {
        String database = Database.fresh("sidecar_ca");
        Path dir = Files.createTempDirectory("portcullis-sidecar").toRealPath();
        int httpsPort = Ports.free();
        Path serverCert = openssl.localServerCertificate();
        String url = "https://127.0.0.1:" + httpsPort + "/";

        try (AppProcess ca = AppProcess.on(database).env("PORTCULLIS_CA_PASSPHRASE", "sidecar-it-passphrase")
                .env("PORTCULLIS_ADMIN_TOKEN", TOKEN).start();
                io.portcullis.support.Upstream upstream = io.portcullis.support.Upstream.start()) {
            ca.awaitReady(Duration.ofSeconds(60));
            String phone = issue(ca, "phone");
            issue(ca, "laptop");
            // a poll interval far beyond 5 s: only the CA's event stream can deliver the revocation in time
            try (AppProcess sidecar = sidecar(ca.url(), dir, httpsPort, upstream.port(), serverCert)
                    .env("PORTCULLIS_SIDECAR_POLL_SECONDS", "120").start()) {
                sidecar.awaitReady(Duration.ofSeconds(60));
                try (NginxProcess nginx = NginxProcess.start(dir)) {
                    long master = nginx.masterPid();
                    assertThat(Curl.withCert(url, serverCert, openssl.dir().resolve("phone.crt"), key("phone")).status())
                            .isEqualTo(200);

                    HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(
                            URI.create(ca.url() + "/api/v1/certificates/" + phone + "/revoke"))
                            .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"keyCompromise\"}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
                    long start = System.nanoTime();
                    int code = 200;
                    while (code != 403 && System.nanoTime() - start < 5_000_000_000L) {
                        code = Curl.withCert(url, serverCert, openssl.dir().resolve("phone.crt"), key("phone")).status();
                    }

                    assertThat(code).as("revoked device refused within 5 s of the revoke call").isEqualTo(403);
                    assertThat(nginx.masterPid()).isEqualTo(master);
                    assertThat(Curl.withCert(url, serverCert, openssl.dir().resolve("laptop.crt"), key("laptop")).status())
                            .isEqualTo(200);
                }
            }
        }
    }

    /** Issues through the CA's API; returns the serial and writes {@code <name>.crt}. */
    private String issue(AppProcess ca, String name) throws Exception {
        Path csr = openssl.newCsr(name, "ec:P-256", "/CN=" + name);
        String body = JSON.writeValueAsString(Map.of("csr", openssl.read(csr)));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ca.url() + "/api/v1/certificates"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode issued = JSON.readTree(response.body());
        openssl.write(name + ".crt", issued.get("certificate").asText());
        return issued.get("serialNumber").asText();
    }

    @Test
    void isNotReadyUntilAConfigurationIsDeployed() throws Exception {
        Path dir = Files.createTempDirectory("portcullis-sidecar").toRealPath();
        try (AppProcess sidecar = sidecar("http://127.0.0.1:1", dir, Ports.free(), Ports.free(), Path.of("/nonexistent/server.crt"))
                .start()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            HttpResponse<String> live = null;
            while (System.nanoTime() < deadline && (live == null || live.statusCode() != 200)) {
                try {
                    live = get(sidecar, "/q/health/live");
                } catch (IOException e) {
                    Thread.sleep(200);
                }
            }
            awaitStatusContaining(sidecar, "cannot reach the CA");

            HttpResponse<String> ready = get(sidecar, "/q/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("cannot reach the CA");
            assertThat(Files.exists(dir.resolve("nginx.conf"))).isFalse();
            assertThat(get(sidecar, "/api/v1/certificates").statusCode()).as("the CA API is not served").isEqualTo(404);
            assertThat(get(sidecar, "/enroll").statusCode()).as("nor the enrollment page").isEqualTo(404);
        }
    }

    private AppProcess sidecar(String caUrl, Path dir, int httpsPort, int upstreamPort, Path serverCert) {
        return AppProcess.on("no_database")
                .env("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/none")
                .env("PORTCULLIS_ROLE", "sidecar")
                .env("PORTCULLIS_ADMIN_TOKEN", TOKEN)
                .env("PORTCULLIS_SIDECAR_CA_URL", caUrl)
                .env("PORTCULLIS_SIDECAR_POLL_SECONDS", "1")
                .env("PORTCULLIS_NGINX_ENABLED", "true")
                .env("PORTCULLIS_NGINX_DIR", dir.toString())
                .env("PORTCULLIS_NGINX_UPSTREAM", "http://127.0.0.1:" + upstreamPort)
                .env("PORTCULLIS_NGINX_SERVER_NAME", "localhost")
                .env("PORTCULLIS_NGINX_LISTEN_ADDRESS", "127.0.0.1")
                .env("PORTCULLIS_NGINX_HTTPS_PORT", Integer.toString(httpsPort))
                .env("PORTCULLIS_NGINX_HTTP_PORT", "0")
                .env("PORTCULLIS_NGINX_TLS_CERTIFICATE", serverCert.toString())
                .env("PORTCULLIS_NGINX_TLS_CERTIFICATE_KEY", serverCert.resolveSibling("server.key").toString());
    }

    private Path key(String device) {
        return openssl.dir().resolve(device + ".key");
    }

    private void awaitStatusContaining(AppProcess app, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = get(app, "/api/v1/nginx/status").body();
            if (body.contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("status never contained '" + text + "': " + body + "\n" + app.log());
    }

    private HttpResponse<String> get(AppProcess app, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(app.url() + path)).header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

}
