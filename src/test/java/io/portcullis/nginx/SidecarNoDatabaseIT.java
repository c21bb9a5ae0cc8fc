package io.portcullis.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.AppProcess;
import io.portcullis.support.Ports;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The sidecar's datasource points at a socket that records every connection attempt: no request, whatever its
 * path's spelling, method or bearer token, makes the sidecar connect to a database, and none gets a 500.
 */
class SidecarNoDatabaseIT {

    static final String TOKEN = "sidecar-nodb-it-admin-token-0123456789abcdefghij";
    static final String SHAPE = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
    static final List<String> PATHS = List.of("/enroll", "/enroll/", "/enroll/x", "/api/v1/certificates",
            "/api/v1/certificates/", "//api/v1/certificates", "/api/v1/orders", "/api/v1/orders/", "/api/v1/credentials",
            "/api/v1/enrollment-tokens", "/api/v1/audit", "/api/v1/renew", "/api/v1/pkcs12", "/api/v1/ocsp",
            "/api/v1/crl", "/api/v1/ca/bundle", "/api/v1/events", "/api/v1/directory", "/api/v1/nginx",
            "/api/v1/nginx/status", "/api/v1/nginx/config", "/api/v1/nginx/reload", "/api/v1/nginx/../certificates",
            "/api/v1/nginx/%2e%2e/certificates", "/api/v1/nginx/./status", "/api/v1/nginxx/status");
    static final List<String> BEARERS = List.of("", TOKEN, "pcc_" + SHAPE, "pce_" + SHAPE, "pcc_short", "garbage");

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void noRequestMakesTheSidecarConnectToADatabase() throws Exception {
        Path dir = Files.createTempDirectory("portcullis-sidecar-nodb").toRealPath();
        AtomicInteger attempts = new AtomicInteger();
        try (ServerSocket database = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread recorder = new Thread(() -> {
                while (!database.isClosed()) {
                    try (Socket attempt = database.accept()) {
                        attempts.incrementAndGet();
                    } catch (IOException e) {
                        return; // closed at the end of the test
                    }
                }
            }, "database-recorder");
            recorder.setDaemon(true);
            recorder.start();

            try (AppProcess sidecar = sidecar(database.getLocalPort(), dir).start()) {
                awaitLive(sidecar);
                List<String> fiveHundreds = new ArrayList<>();
                int requests = 0;
                for (String path : PATHS) {
                    for (String bearer : BEARERS) {
                        for (String method : List.of("GET", "POST")) {
                            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sidecar.url() + path))
                                    .timeout(Duration.ofSeconds(10))
                                    .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString("{\"csr\":\"x\"}"))
                                    .header("Content-Type", "application/json");
                            if (!bearer.isEmpty()) {
                                request.header("Authorization", "Bearer " + bearer);
                            }
                            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                            requests++;
                            // 503 is the sidecar's honest "the CA is unreachable" (this one has none)
                            if (response.statusCode() >= 500 && response.statusCode() != 503) {
                                fiveHundreds.add(method + " " + path + " [" + bearer + "] → " + response.statusCode()
                                        + " " + response.body());
                            }
                        }
                    }
                }
                assertThat(fiveHundreds).as("answers with a 5xx other than 503").isEmpty();
                assertThat(attempts.get()).as("connections to the datasource after %d requests", requests).isZero();
                System.out.printf("[security] sidecar: %d requests (%d paths × %d bearer shapes × GET/POST), 0 database"
                        + " connection attempts, no 500%n", requests, PATHS.size(), BEARERS.size());
            }
        }
    }

    private void awaitLive(AppProcess sidecar) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(sidecar.url() + "/q/health/live")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("sidecar not live within 90 s:\n" + sidecar.log());
    }

    private AppProcess sidecar(int databasePort, Path dir) {
        return AppProcess.on("no_database")
                .env("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + databasePort + "/portcullis")
                .env("PORTCULLIS_ROLE", "sidecar")
                .env("PORTCULLIS_ADMIN_TOKEN", TOKEN)
                .env("PORTCULLIS_SIDECAR_CA_URL", "http://127.0.0.1:1")
                .env("PORTCULLIS_NGINX_ENABLED", "true")
                .env("PORTCULLIS_NGINX_DIR", dir.toString())
                .env("PORTCULLIS_NGINX_UPSTREAM", "http://127.0.0.1:" + Ports.free())
                .env("PORTCULLIS_NGINX_SERVER_NAME", "localhost")
                .env("PORTCULLIS_NGINX_LISTEN_ADDRESS", "127.0.0.1")
                .env("PORTCULLIS_NGINX_HTTPS_PORT", Integer.toString(Ports.free()))
                .env("PORTCULLIS_NGINX_HTTP_PORT", "0")
                .env("PORTCULLIS_NGINX_TLS_CERTIFICATE", "/nonexistent/server.crt")
                .env("PORTCULLIS_NGINX_TLS_CERTIFICATE_KEY", "/nonexistent/server.key");
    }
}
