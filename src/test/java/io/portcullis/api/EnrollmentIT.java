package io.portcullis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.AppProcess;
import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The packaged service in the prod profile, configured through the documented environment
 * variables: open enrollment accepts a tokenless order, the order tells devices the configured
 * Retry-After, and expires after PORTCULLIS_ORDER_EXPIRY.
 */
class EnrollmentIT {

    @Test
    void environmentConfiguresOpenEnrollmentAndOrderTimings() throws Exception {
        String database = Database.fresh("enroll_it");
        Openssl openssl = Openssl.inTempDir();
        String csr = openssl.read(openssl.newCsr("kiosk", "ec:P-256", "/CN=kiosk.home.example"));
        HttpClient client = HttpClient.newHttpClient();
        try (AppProcess app = AppProcess.on(database)
                .env("PORTCULLIS_CA_PASSPHRASE", "it-passphrase")
                .env("PORTCULLIS_ADMIN_TOKEN", "it-admin-token")
                .env("PORTCULLIS_ENROLLMENT_OPEN", "true")
                .env("PORTCULLIS_ORDER_EXPIRY", "3s")
                .env("PORTCULLIS_ORDER_RETRY_AFTER", "7s")
                .start().awaitReady(Duration.ofSeconds(60))) {
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(app.url() + "/api/v1/orders"))
                    .header("Content-Type", "application/pkcs10").POST(HttpRequest.BodyPublishers.ofString(csr)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.body()).contains("\"status\":\"pending\"");
            assertThat(created.headers().firstValue("Retry-After")).hasValue("7");
            String location = created.headers().firstValue("Location").orElseThrow();

            Thread.sleep(3500);
            HttpResponse<String> expired = client.send(HttpRequest.newBuilder(URI.create(app.url() + location)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(expired.statusCode()).isEqualTo(200);
            assertThat(expired.body()).contains("\"status\":\"invalid\"").contains("expired");
            HttpResponse<String> approve = client.send(HttpRequest.newBuilder(URI.create(app.url() + location + "/approve"))
                    .header("Authorization", "Bearer it-admin-token").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(approve.statusCode()).isEqualTo(409);
            assertThat(Database.count(database, "SELECT count(*) FROM certificates")).isZero();
        }
    }
}
