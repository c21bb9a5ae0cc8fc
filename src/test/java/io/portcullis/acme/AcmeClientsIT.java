package io.portcullis.acme;

import static io.portcullis.support.JsonFields.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.AppProcess;
import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.portcullis.support.Ports;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Real ACME clients against the packaged jar over its own TLS listener: lego and certbot register
 * with an external account binding of an issuer credential, obtain client certificates for names in
 * its scope and none outside it, and certbot's revocation lands in the CRL.
 */
class AcmeClientsIT {

    static final String TOKEN = "acme-it-admin-token-0123456789abcdefghijklmnopqrst";

    final Openssl openssl = Openssl.inTempDir();
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void legoAndCertbotObtainAndRevokeClientCertificates() throws Exception {
        Path serverCert = openssl.localServerCertificate();
        int tlsPort = Ports.free();
        String base = "https://127.0.0.1:" + tlsPort;
        String directory = base + "/acme/directory";
        String database = Database.fresh("acme_clients");
        try (AppProcess app = AppProcess.on(database)
                .env("PORTCULLIS_CA_PASSPHRASE", "acme-it-passphrase")
                .env("PORTCULLIS_ADMIN_TOKEN", TOKEN)
                .env("PORTCULLIS_PUBLIC_URL", base)
                .env("QUARKUS_HTTP_SSL_PORT", Integer.toString(tlsPort))
                .env("QUARKUS_HTTP_SSL_CERTIFICATE_FILES", serverCert.toString())
                .env("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES", openssl.dir().resolve("server.key").toString())
                .start()) {
            app.awaitReady(Duration.ofMinutes(3));
            Files.writeString(openssl.dir().resolve("portcullis-ca.crt"), get(app.url() + "/api/v1/ca/certificate"));
            String credential = field(post(app.url() + "/api/v1/credentials",
                    "{\"name\":\"acme-ci\",\"role\":\"issuer\",\"allowedNames\":[\"*.example.test\"]}", 201), "id");
            String legoEab = post(app.url() + "/api/v1/credentials/" + credential + "/acme-eab", null, 201);

            // lego: a solver must be named, but no challenge runs (the binding authorised the names)
            List<String> lego = List.of("lego", "--server", directory, "--eab", "--kid", field(legoEab, "kid"),
                    "--hmac", field(legoEab, "hmacKey"), "--email", "dev@example.test", "--accept-tos",
                    "--path", openssl.dir().resolve("lego").toString(), "--http", "--http.port",
                    "127.0.0.1:" + Ports.free());
            Map<String, String> legoEnv = Map.of("LEGO_CA_CERTIFICATES", serverCert.toString());
            String legoRun = run(legoEnv, concat(lego, "--domains", "dev1.example.test", "run"), 0);
            Path legoCert = openssl.dir().resolve("lego/certificates/dev1.example.test.crt");
            assertThat(legoCert).as(legoRun + app.log()).exists();
            assertIssued(legoCert.toString(), "dev1.example.test");
            assertThat(Database.count(database, "SELECT count(*) FROM certificates WHERE common_name = 'dev1.example.test'"
                    + " AND issued_by = 'issuer:" + credential + "'")).isEqualTo(1);

            // outside the credential's scope: refused at newOrder, nothing issued
            String refused = run(legoEnv, concat(lego, "--domains", "dev1.other.test", "run"), 1);
            assertThat(refused).contains("rejectedIdentifier");
            assertThat(Database.count(database, "SELECT count(*) FROM certificates")).isEqualTo(1);

            // the EAB key lego spent binds no second account
            List<String> certbotBase = certbotDirs("reuse");
            String reused = run(certbotEnv(serverCert), concat(certbotBase, "register", "--server", directory,
                    "--eab-kid", field(legoEab, "kid"), "--eab-hmac-key", field(legoEab, "hmacKey"),
                    "--register-unsafely-without-email", "--agree-tos", "--non-interactive"), 1);
            assertThat(reused).contains("used already");

            String certbotEab = post(app.url() + "/api/v1/credentials/" + credential + "/acme-eab", null, 201);
            List<String> certbot = certbotDirs("certbot");
            String obtained = run(certbotEnv(serverCert), concat(certbot, "certonly", "--server", directory,
                    "--eab-kid", field(certbotEab, "kid"), "--eab-hmac-key", field(certbotEab, "hmacKey"),
                    "-d", "dev2.example.test", "--standalone", "--http-01-port", Integer.toString(Ports.free()),
                    "--register-unsafely-without-email", "--agree-tos", "--non-interactive"), 0);
            Path certbotCert = openssl.dir().resolve("certbot/config/live/dev2.example.test/cert.pem");
            assertThat(certbotCert).as(obtained + app.log()).exists();
            assertIssued(certbotCert.toString(), "dev2.example.test");

            String serial = openssl.ok("x509", "-in", certbotCert.toString(), "-noout", "-serial").trim()
                    .substring("serial=".length());
            run(certbotEnv(serverCert), concat(certbot, "revoke", "--server", directory, "--cert-path",
                    certbotCert.toString(), "--reason", "keycompromise", "--no-delete-after-revoke",
                    "--non-interactive"), 0);
            Files.writeString(openssl.dir().resolve("crl.pem"), get(app.url() + "/api/v1/crl.pem"));
            String crl = openssl.ok("crl", "-in", "crl.pem", "-noout", "-text");
            // openssl pads a serial to whole bytes, so compare numbers, not hex text.
            assertThat(Pattern.compile("Serial Number: ([0-9A-Fa-f]+)").matcher(crl).results()
                    .map(m -> new BigInteger(m.group(1), 16)).toList()).contains(new BigInteger(serial, 16));
            assertThat(Database.count(database, "SELECT count(*) FROM certificates WHERE status = 'revoked'")).isEqualTo(1);
        }
    }

    private void assertIssued(String certificate, String name) {
        assertThat(openssl.ok("verify", "-CAfile", "portcullis-ca.crt", certificate)).contains(": OK");
        String text = openssl.ok("x509", "-in", certificate, "-noout", "-text");
        assertThat(text).contains("TLS Web Client Authentication").contains("DNS:" + name);
        assertThat(text).doesNotContain("TLS Web Server Authentication");
    }

    private List<String> certbotDirs(String name) {
        Path dir = openssl.dir().resolve(name);
        return List.of("certbot", "--config-dir", dir.resolve("config").toString(), "--work-dir",
                dir.resolve("work").toString(), "--logs-dir", dir.resolve("logs").toString());
    }

    private static Map<String, String> certbotEnv(Path serverCert) {
        return Map.of("REQUESTS_CA_BUNDLE", serverCert.toString());
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    /** Runs a client; returns its output after checking the exit code (any non-zero for {@code expected} 1). */
    private String run(Map<String, String> env, List<String> command, int expected) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(openssl.dir().toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as(out).isTrue();
        if (expected == 0) {
            assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        } else {
            assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + out).isNotZero();
        }
        return out;
    }

    private String post(String url, String json, int status) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body();
    }

    private String get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
