package io.portcullis.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.support.AppProcess;
import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The subject and name reproductions against the packaged service in the prod profile: an issuer
 * limited to {@code *.ci.example} cannot write O/OU/emailAddress/UID into its certificate nor pass a
 * URI name off as a DNS name, a {@code #}-prefixed common name is text, and a {@code PT1H}
 * certificate ends an hour after issuance, all read back with the real openssl.
 */
class SubjectPolicyIT {

    static final String ADMIN = "Bearer it-admin-token";
    static final DateTimeFormatter OPENSSL_DATE = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient client = HttpClient.newHttpClient();
    final Openssl openssl = Openssl.inTempDir();

    @Test
    void subjectsAndNamesComeFromPolicy() throws Exception {
        String database = Database.fresh("subject_it");
        try (AppProcess app = AppProcess.on(database)
                .env("PORTCULLIS_CA_PASSPHRASE", "it-passphrase")
                .env("PORTCULLIS_ADMIN_TOKEN", "it-admin-token")
                .start().awaitReady(Duration.ofSeconds(90))) {
            String issuer = "Bearer " + post(app, ADMIN, "/api/v1/credentials", Map.of("name", "ci", "role", "issuer",
                    "allowedNames", List.of("*.ci.example"))).json().get("token").asText();

            Path forged = openssl.newCsr("forged", "ec:P-256",
                    "/CN=runner1.ci.example/O=Portcullis Admins/OU=root/emailAddress=ceo@corp.example/UID=admin");
            Reply refused = post(app, issuer, "/api/v1/certificates", Map.of("csr", openssl.read(forged)));
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().get("type").asText()).isEqualTo("urn:ietf:params:acme:error:badCSR");
            assertThat(refused.json().get("detail").asText()).contains("O (2.5.4.10)");

            Path spiffe = openssl.newCsr("spiffe", "ec:P-256", "/CN=runner1.ci.example",
                    "-addext", "subjectAltName=URI:spiffe://prod/ns/default/sa/admin.ci.example");
            Reply uri = post(app, issuer, "/api/v1/certificates", Map.of("csr", openssl.read(spiffe)));
            assertThat(uri.status()).as(uri.body()).isEqualTo(403);
            assertThat(uri.json().get("type").asText()).isEqualTo("urn:ietf:params:acme:error:rejectedIdentifier");
            assertThat(Database.count(database, "SELECT count(*) FROM certificates")).isZero();

            Reply hour = post(app, issuer, "/api/v1/certificates", Map.of("validity", "PT1H",
                    "csr", openssl.read(openssl.newCsr("plain", "ec:P-256", "/CN=runner1.ci.example"))));
            assertThat(hour.status()).as(hour.body()).isEqualTo(201);
            Path crt = openssl.write("runner.crt", hour.json().get("certificate").asText());
            assertThat(openssl.ok("x509", "-in", crt.toString(), "-noout", "-subject").strip())
                    .isEqualTo("subject=CN = runner1.ci.example");
            Instant notBefore = date(openssl.ok("x509", "-in", crt.toString(), "-noout", "-startdate"), "notBefore=");
            Instant notAfter = date(openssl.ok("x509", "-in", crt.toString(), "-noout", "-enddate"), "notAfter=");
            assertThat(Duration.between(notBefore, notAfter)).isEqualTo(Duration.ofMinutes(61));

            String everything = "Bearer " + post(app, ADMIN, "/api/v1/credentials", Map.of("name", "all", "role",
                    "issuer", "allowedNames", List.of("*"))).json().get("token").asText();
            Reply bundle = post(app, everything, "/api/v1/pkcs12", Map.of("password", "correct horse battery",
                    "commonName", "#0c0a61646d696e2e636f7270"));
            assertThat(bundle.status()).as(bundle.body()).isEqualTo(201);
            assertThat(Database.count(database, "SELECT count(*) FROM certificates WHERE common_name = 'admin.corp'"))
                    .isZero();
            assertThat(Database.count(database,
                    "SELECT count(*) FROM certificates WHERE common_name = '#0c0a61646d696e2e636f7270'")).isEqualTo(1);
        }
    }

    private record Reply(int status, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    private Reply post(AppProcess app, String authorization, String path, Map<String, Object> body) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(app.url() + path))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    private static Instant date(String line, String prefix) {
        return Instant.from(OPENSSL_DATE.parse(line.strip().substring(prefix.length())));
    }
}
