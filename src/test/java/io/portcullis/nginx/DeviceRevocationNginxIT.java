package io.portcullis.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.support.AppProcess;
import io.portcullis.support.Curl;
import io.portcullis.support.Database;
import io.portcullis.support.NginxProcess;
import io.portcullis.support.Openssl;
import io.portcullis.support.Ports;
import io.portcullis.support.Upstream;
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
 * The packaged CA keeping the real nginx current: once a device's first certificate is revoked,
 * nginx refuses the device with its renewed certificate as well, not only with the revoked one.
 */
class DeviceRevocationNginxIT {

    static final String TOKEN = "device-nginx-it-admin-token-0123456789abcdef0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    final Openssl openssl = Openssl.inTempDir();
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aDeviceWhoseFirstCertificateIsRevokedIsRefusedWithItsRenewalToo() throws Exception {
        String database = Database.fresh("device_nginx");
        Path dir = Files.createTempDirectory("portcullis-device-nginx").toRealPath();
        int httpsPort = Ports.free();
        Path serverCert = openssl.localServerCertificate();
        String url = "https://127.0.0.1:" + httpsPort + "/";

        try (Upstream upstream = Upstream.start();
                AppProcess ca = AppProcess.on(database).env("PORTCULLIS_CA_PASSPHRASE", "device-nginx-it-passphrase")
                        .env("PORTCULLIS_ADMIN_TOKEN", TOKEN)
                        .env("PORTCULLIS_NGINX_ENABLED", "true")
                        .env("PORTCULLIS_NGINX_DIR", dir.toString())
                        .env("PORTCULLIS_NGINX_UPSTREAM", "http://127.0.0.1:" + upstream.port())
                        .env("PORTCULLIS_NGINX_SERVER_NAME", "localhost")
                        .env("PORTCULLIS_NGINX_LISTEN_ADDRESS", "127.0.0.1")
                        .env("PORTCULLIS_NGINX_HTTPS_PORT", Integer.toString(httpsPort))
                        .env("PORTCULLIS_NGINX_HTTP_PORT", "0")
                        .env("PORTCULLIS_NGINX_TLS_CERTIFICATE", serverCert.toString())
                        .env("PORTCULLIS_NGINX_TLS_CERTIFICATE_KEY", openssl.dir().resolve("server.key").toString())
                        .start()) {
            ca.awaitReady(Duration.ofSeconds(90)); // ready includes the nginx check: a configuration is deployed
            Path csr = openssl.newCsr("door", "ec:P-256", "/CN=door.home.example");
            JsonNode first = post(ca, "/api/v1/certificates", JSON.writeValueAsString(Map.of("csr", openssl.read(csr))));
            Path a = openssl.write("a.crt", first.get("certificate").asText());
            JsonNode renewal = post(ca, "/api/v1/certificates/" + first.get("serialNumber").asText() + "/renew", "{}");
            Path b = openssl.write("b.crt", renewal.get("certificate").asText());
            Path key = openssl.dir().resolve("door.key");

            try (NginxProcess nginx = NginxProcess.start(dir)) {
                assertThat(Curl.withCert(url, serverCert, a, key).status()).isEqualTo(200);
                assertThat(Curl.withCert(url, serverCert, b, key).status()).isEqualTo(200);

                post(ca, "/api/v1/certificates/" + first.get("serialNumber").asText() + "/revoke", "{\"reason\":\"unspecified\"}");
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                int renewed = 200;
                while (renewed != 403 && System.nanoTime() < deadline) {
                    renewed = Curl.withCert(url, serverCert, b, key).status();
                }
                assertThat(renewed).as("the renewal of a revoked certificate refused within 10 s\n" + nginx.errorLog())
                        .isEqualTo(403);
                assertThat(Curl.withCert(url, serverCert, a, key).status()).isEqualTo(403);
                assertThat(Database.count(database, "SELECT count(*) FROM certificates WHERE status = 'revoked'"))
                        .isEqualTo(2);
            }
        }
    }

    /** POSTs JSON as the administrator; expects 2xx and returns the body. */
    private JsonNode post(AppProcess ca, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ca.url() + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body() + "\n" + ca.log()).isBetween(200, 201);
        return JSON.readTree(response.body());
    }
}
