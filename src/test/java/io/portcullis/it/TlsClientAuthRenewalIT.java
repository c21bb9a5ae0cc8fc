package io.portcullis.it;

import static io.portcullis.support.JsonFields.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.AppProcess;
import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Device self-renewal authenticated by the TLS handshake itself: the service runs its own HTTPS
 * listener with client auth {@code request} and the CA (imported from the openssl recipe) as trust
 * store; a device presenting its certificate renews it, one presenting none gets 401. HTTPS
 * responses carry {@code Strict-Transport-Security}.
 */
class TlsClientAuthRenewalIT {

    static final String TOKEN = "tls-it-admin-token-0123456789abcdefghijklmnopqrstu";

    final Openssl openssl = Openssl.inTempDir();
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aDeviceRenewsWithItsTlsClientCertificate() throws Exception {
        // the openssl recipe: a CA, and a server certificate for the service's own listener
        openssl.ok("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                "-subj", "/CN=Recipe CA/O=Home", "-days", "30", "-out", "ca.crt",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        Path serverCsr = openssl.newCsr("server", "ec:P-256", "/CN=127.0.0.1");
        openssl.write("server.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        openssl.ok("x509", "-req", "-in", serverCsr.toString(), "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "server.ext", "-out", "server.crt");
        int tlsPort = freePort();
        String database = Database.fresh("tls_renewal");
        try (AppProcess app = AppProcess.on(database)
                .env("PORTCULLIS_CA_PASSPHRASE", "tls-it-passphrase")
                .env("PORTCULLIS_ADMIN_TOKEN", TOKEN)
                .env("PORTCULLIS_CA_IMPORT_CERT", openssl.dir().resolve("ca.crt").toString())
                .env("PORTCULLIS_CA_IMPORT_KEY", openssl.dir().resolve("ca.key").toString())
                .env("QUARKUS_HTTP_SSL_PORT", Integer.toString(tlsPort))
                .env("QUARKUS_HTTP_SSL_CERTIFICATE_FILES", openssl.dir().resolve("server.crt").toString())
                .env("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES", openssl.dir().resolve("server.key").toString())
                .env("QUARKUS_HTTP_SSL_CERTIFICATE_TRUST_STORE_FILES", openssl.dir().resolve("ca.crt").toString())
                .env("QUARKUS_HTTP_SSL_CERTIFICATE_TRUST_STORE_FILE_TYPE", "PEM")
                .start()) {
            app.awaitReady(Duration.ofMinutes(3));
            Path deviceCsr = openssl.newCsr("device", "ec:P-256", "/CN=device.home.example");
            HttpResponse<String> issued = http.send(HttpRequest.newBuilder(URI.create(app.url() + "/api/v1/certificates"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"csr\":\"" + openssl.read(deviceCsr).replace("\n", "\\n") + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
            openssl.write("device.crt", field(issued.body(), "certificate").replace("\\n", "\n"));
            String url = "https://127.0.0.1:" + tlsPort + "/api/v1/renew";
            // a device renews itself only inside its renewal window (see DeviceRenewalPolicyTest); a renewed CA
            // certificate opens the window of every certificate issued before it (renewal-info says "now"). X.509
            // times have whole seconds, so the CA renewal must fall in a later second than the issuance.
            long issuedSecond = java.time.Instant.parse(field(issued.body(), "notBefore")).plusSeconds(60).getEpochSecond();
            while (java.time.Instant.now().getEpochSecond() <= issuedSecond) {
                Thread.sleep(20);
            }
            HttpResponse<String> caRenewed = http.send(HttpRequest.newBuilder(URI.create(app.url() + "/api/v1/ca/renew"))
                    .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(caRenewed.statusCode()).as(caRenewed.body()).isBetween(200, 201);

            List<String> renewed = curl("--cacert", "ca.crt", "--cert", "device.crt", "--key", "device.key", url);
            assertThat(renewed.get(1)).as(renewed.get(0) + app.log()).isEqualTo("201");
            openssl.write("renewed.crt", field(renewed.get(0), "certificate").replace("\\n", "\n"));
            assertThat(openssl.ok("verify", "-CAfile", "ca.crt", "renewed.crt")).contains("renewed.crt: OK");
            assertThat(openssl.ok("x509", "-in", "renewed.crt", "-noout", "-pubkey"))
                    .isEqualTo(openssl.ok("x509", "-in", "device.crt", "-noout", "-pubkey"));
            assertThat(field(renewed.get(0), "serialNumber")).isNotEqualTo(field(issued.body(), "serialNumber"));

            List<String> anonymous = curl("--cacert", "ca.crt", url);
            assertThat(anonymous.get(1)).isEqualTo("401");
            assertThat(anonymous.get(0)).contains("urn:ietf:params:acme:error:unauthorized");
            assertThat(Database.count(database, "SELECT count(*) FROM certificates")).isEqualTo(2);

            // HSTS on HTTPS only (browsers ignore it on plain HTTP); the other security headers on both
            String https = headers("--cacert", "ca.crt", "https://127.0.0.1:" + tlsPort + "/api/v1/directory");
            assertThat(https).containsIgnoringCase("strict-transport-security: max-age=31536000")
                    .containsIgnoringCase("x-content-type-options: nosniff").doesNotContainIgnoringCase("\nserver:");
            String http = headers(app.url() + "/api/v1/directory");
            assertThat(http).containsIgnoringCase("x-frame-options: DENY").doesNotContainIgnoringCase("strict-transport-security");
        }
    }

    /** The response headers of a curl GET. */
    private String headers(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-D", "-"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(openssl.dir().toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).startsWith("HTTP/");
        return out;
    }

    /** Body and HTTP status of a curl POST. */
    private List<String> curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-X", "POST", "-H", "Content-Type: application/json",
                "--data-binary", "{}", "-w", "\n%{http_code}"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(openssl.dir().toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int newline = out.lastIndexOf('\n');
        return List.of(out.substring(0, newline), out.substring(newline + 1).trim());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
