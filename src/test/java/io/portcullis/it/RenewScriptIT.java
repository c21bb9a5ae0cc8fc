package io.portcullis.it;

import static io.portcullis.support.JsonFields.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.AppProcess;
import io.portcullis.support.Database;
import io.portcullis.support.NginxProcess;
import io.portcullis.support.Openssl;
import io.portcullis.support.Ports;
import io.portcullis.support.DocumentedProxy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/scripts/enroll.sh --renew} for real, with /bin/sh, openssl and curl, against the
 * packaged service's own TLS listener with client authentication and through a real nginx running
 * the documented proxy snippet: before the renewal window it
 * only says when and leaves the files alone; once the window is open (renewing the CA certificate
 * opens it for every earlier certificate) it installs the renewal by rename and keeps the key;
 * revoked, or with the service down, it fails and the old certificate stays.
 */
class RenewScriptIT {

    static final Path SCRIPT = Path.of("deploy/scripts/enroll.sh").toAbsolutePath();
    static final String TOKEN = "renew-it-admin-token-0123456789abcdefghijklmnopqr";

    final Openssl openssl = Openssl.inTempDir();
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theRenewModeRenewsInsideTheWindowOnlyAndNeverLosesTheCertificate() throws Exception {
        String database = Database.fresh("renew_script");
        Path out = Files.createDirectories(openssl.dir().resolve("out"));
        Path proxy = Files.createDirectories(openssl.dir().resolve("nginx"));
        String first;
        // enrolled as enroll.sh leaves a device: device.key, device.crt (leaf + CA), ca.crt
        try (AppProcess app = service(database).start()) {
            app.awaitReady(Duration.ofMinutes(3));
            Files.writeString(out.resolve("ca.crt"), get(app.url() + "/api/v1/ca/certificate"));
            Path csr = openssl.newCsr("device", "ec:P-256", "/CN=sensor.home.example");
            HttpResponse<String> issued = post(app.url() + "/api/v1/certificates",
                    "{\"csr\":\"" + openssl.read(csr).replace("\n", "\\n") + "\",\"validityDays\":30}");
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
            first = field(issued.body(), "serialNumber");
            Files.writeString(out.resolve("device.crt"), field(issued.body(), "chain").replace("\\n", "\n"));
            Files.move(openssl.dir().resolve("device.key"), out.resolve("device.key"));
        }
        byte[] key = Files.readAllBytes(out.resolve("device.key"));
        // the service's own TLS listener trusts its CA for client authentication; nginx (the documented
        // snippet) forwards the certificate it verified from 127.0.0.2, the only trusted proxy
        openssl.ok("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "nginx/server.key", "-subj", "/CN=127.0.0.1", "-days", "2", "-out", "nginx/server.crt",
                "-addext", "subjectAltName=IP:127.0.0.1");
        int tlsPort = Ports.free();
        int nginxPort = Ports.free();
        String tls = "https://127.0.0.1:" + tlsPort;
        String viaNginx = "https://127.0.0.1:" + nginxPort + "/portcullis";
        String serverCa = proxy.resolve("server.crt").toString();
        try (AppProcess app = service(database)
                .env("PORTCULLIS_TRUSTED_PROXIES", "127.0.0.2/32")
                .env("QUARKUS_HTTP_SSL_PORT", Integer.toString(tlsPort))
                .env("QUARKUS_HTTP_SSL_CERTIFICATE_FILES", serverCa)
                .env("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES", proxy.resolve("server.key").toString())
                .env("QUARKUS_HTTP_SSL_CERTIFICATE_TRUST_STORE_FILES", out.resolve("ca.crt").toString())
                .env("QUARKUS_HTTP_SSL_CERTIFICATE_TRUST_STORE_FILE_TYPE", "PEM")
                .start()) {
            app.awaitReady(Duration.ofMinutes(3));
            Files.writeString(proxy.resolve("ca-bundle.pem"), get(app.url() + "/api/v1/ca/bundle"));
            Files.writeString(proxy.resolve("crl.pem"), get(app.url() + "/api/v1/crl.pem"));
            try (NginxProcess nginx = DocumentedProxy.start(proxy, nginxPort, app.url() + "/", "127.0.0.2")) {
                // before the window: one line saying when, nothing written, nothing issued
                byte[] enrolled = Files.readAllBytes(out.resolve("device.crt"));
                Object inode = inode(out.resolve("device.crt"));
                String early = renew(0, tls, serverCa);
                assertThat(early.strip().lines()).hasSize(1);
                assertThat(early).contains("not due for renewal until " + windowStart(app, first));
                assertThat(Files.readAllBytes(out.resolve("device.crt"))).isEqualTo(enrolled);
                assertThat(inode(out.resolve("device.crt"))).isEqualTo(inode);
                assertThat(Database.count(database, "SELECT count(*) FROM certificates")).isEqualTo(1);

                // a renewed CA certificate opens the window of every certificate issued before it
                renewCaAfter(app, database, first);
                assertThat(renew(0, tls, serverCa)).contains("renewed out/device.crt (serial " + first);
                String second = assertRenewed(database, first, inode, key);

                // the renewal itself is not due yet: the timer running again, here through nginx, does nothing
                byte[] current = Files.readAllBytes(out.resolve("device.crt"));
                Object currentInode = inode(out.resolve("device.crt"));
                assertThat(renew(0, viaNginx, serverCa)).contains("not due for renewal until " + windowStart(app, second));
                assertThat(Files.readAllBytes(out.resolve("device.crt"))).isEqualTo(current);

                // through nginx with the certificate header it sets: the same renewal
                renewCaAfter(app, database, second);
                assertThat(renew(0, viaNginx, serverCa)).as(nginx.errorLog()).contains("renewed out/device.crt (serial " + second);
                String third = assertRenewed(database, second, currentInode, key);

                // revoked: a failure on every run, and the certificate stays where it is
                current = Files.readAllBytes(out.resolve("device.crt"));
                assertThat(post(app.url() + "/api/v1/certificates/" + third + "/revoke", "{\"reason\":\"keyCompromise\"}")
                        .statusCode()).isEqualTo(200);
                assertThat(renew(1, viaNginx, serverCa)).contains("is revoked");
                assertThat(renew(1, tls, serverCa)).contains("is revoked");
                assertThat(Files.readAllBytes(out.resolve("device.crt"))).isEqualTo(current);
                assertThat(Database.count(database, "SELECT count(*) FROM certificates")).isEqualTo(3);

                // the service down: a failure, the files untouched
                app.terminate();
                app.awaitExit(Duration.ofSeconds(60));
                assertThat(renew(1, tls, serverCa)).contains("cannot reach");
                assertThat(renew(1, viaNginx, serverCa)).contains("HTTP 502");
                assertThat(Files.readAllBytes(out.resolve("device.crt"))).isEqualTo(current);
                assertThat(Files.readAllBytes(out.resolve("device.key"))).isEqualTo(key);
                assertThat(leftovers(out)).isEmpty();
            }
        }
    }

    /**
     * Renews the CA certificate in a later second than {@code serial} was issued: X.509 times are whole
     * seconds, so within the same second the service cannot tell which came first.
     */
    private void renewCaAfter(AppProcess app, String database, String serial) throws Exception {
        Instant issued = Instant.parse(Database.strings(database, "SELECT to_char(issued_at AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM certificates WHERE serial_number = '" + serial + "'").get(0));
        Instant nextSecond = issued.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        for (Instant now = Instant.now(); now.isBefore(nextSecond); now = Instant.now()) {
            Thread.sleep(Duration.between(now, nextSecond).toMillis() + 1);
        }
        assertThat(post(app.url() + "/api/v1/ca/renew", "").statusCode()).isEqualTo(201);
    }

    private AppProcess service(String database) {
        return AppProcess.on(database).env("PORTCULLIS_CA_PASSPHRASE", "renew-it-passphrase")
                .env("PORTCULLIS_ADMIN_TOKEN", TOKEN);
    }

    private String renew(int expectedExit, String url, String serverCa) throws Exception {
        return run(expectedExit, "--renew", "--url", url, "--cacert", serverCa, "--out", "out");
    }

    /** Checks the renewal the script installed and returns its serial. */
    private String assertRenewed(String database, String previous, Object previousInode, byte[] key) throws Exception {
        Path out = openssl.dir().resolve("out");
        String serial = openssl.ok("x509", "-in", "out/device.crt", "-noout", "-serial").strip()
                .substring("serial=".length()).toLowerCase().replaceFirst("^0+", "");
        assertThat(serial).isNotEqualTo(previous);
        assertThat(Database.count(database, "SELECT count(*) FROM certificates WHERE serial_number = ? AND renews = ?",
                serial, previous)).as("the renewal continues the installed certificate").isEqualTo(1);
        assertThat(inode(out.resolve("device.crt"))).as("replaced by a rename, not rewritten").isNotEqualTo(previousInode);
        assertThat(openssl.ok("verify", "-CAfile", "out/ca.crt", "out/device.crt")).contains("out/device.crt: OK");
        assertThat(Files.readString(out.resolve("device.crt")).split("BEGIN CERTIFICATE", -1)).as("leaf + CA").hasSize(3);
        assertThat(openssl.ok("x509", "-in", "out/device.crt", "-noout", "-pubkey"))
                .as("the same key").isEqualTo(openssl.ok("pkey", "-in", "out/device.key", "-pubout"));
        assertThat(Files.readAllBytes(out.resolve("device.key"))).isEqualTo(key);
        assertThat(leftovers(out)).as("no temporary file stays behind").isEmpty();
        return serial;
    }

    /** Runs the script in the openssl directory and returns its output, checking the exit code. */
    private String run(int expectedExit, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString()));
        command.addAll(List.of(args));
        Path log = openssl.dir().resolve("script.log");
        Process script = new ProcessBuilder(command).directory(openssl.dir().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(script.waitFor(120, TimeUnit.SECONDS)).as("the script finishes").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(script.exitValue()).as(output).isEqualTo(expectedExit);
        return output;
    }

    private String windowStart(AppProcess app, String serial) throws Exception {
        HttpResponse<String> info = http.send(HttpRequest.newBuilder(
                URI.create(app.url() + "/api/v1/certificates/" + serial + "/renewal-info")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(info.statusCode()).isEqualTo(200);
        return field(info.body(), "start");
    }

    private String get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> post(String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Object inode(Path file) throws IOException {
        return Files.getAttribute(file, "unix:ino");
    }

    private static List<String> leftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }

}
