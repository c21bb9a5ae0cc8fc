package io.portcullis.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.AppProcess;
import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two service processes on one database revoking concurrently: CRL numbers never repeat, every CRL
 * lists every revocation committed before it, both replicas serve the newest CRL, and numbering
 * continues across a restart.
 */
class CrlReplicasIT {

    static final String TOKEN = "replicas-it-admin-token-0123456789abcdefghijklmnop";
    static final int CERTIFICATES = 16;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Openssl openssl = Openssl.inTempDir();

    @Test
    void concurrentRevocationsOnTwoReplicasGiveConsistentCrls() throws Exception {
        String database = Database.fresh("crl_replicas");
        try (AppProcess a = app(database).start(); AppProcess b = app(database).start()) {
            a.awaitReady(Duration.ofMinutes(3));
            b.awaitReady(Duration.ofMinutes(3));
            AppProcess[] replicas = {a, b};

            Path csr = openssl.newCsr("device", "ec:P-256", "/CN=device.home.example");
            String csrJson = "{\"csr\":\"" + openssl.read(csr).replace("\n", "\\n") + "\"}";
            List<String> serials = new ArrayList<>();
            for (int i = 0; i < CERTIFICATES; i++) {
                HttpResponse<String> issued = post(replicas[i % 2], "/api/v1/certificates", csrJson);
                assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
                serials.add(field(issued.body(), "serialNumber"));
            }

            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<HttpResponse<String>>> revocations = new ArrayList<>();
            for (int i = 0; i < CERTIFICATES; i++) {
                AppProcess replica = replicas[i % 2];
                String serial = serials.get(i);
                revocations.add(pool.submit(() -> post(replica, "/api/v1/certificates/" + serial + "/revoke",
                        "{\"reason\":\"keyCompromise\"}")));
            }
            Map<String, Long> listedFrom = new HashMap<>();
            for (int i = 0; i < CERTIFICATES; i++) {
                HttpResponse<String> response = revocations.get(i).get();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                listedFrom.put(serials.get(i), Long.parseLong(field(response.body(), "crlNumber")));
            }
            pool.shutdown();

            // every CRL lists every revocation whose response named that CRL or an earlier one
            Map<Long, X509CRL> crls = crls(database);
            assertThat(listedFrom.values()).doesNotHaveDuplicates();
            for (Map.Entry<Long, X509CRL> crl : crls.entrySet()) {
                for (Map.Entry<String, Long> revoked : listedFrom.entrySet()) {
                    if (revoked.getValue() <= crl.getKey()) {
                        assertThat(crl.getValue().getRevokedCertificate(new BigInteger(revoked.getKey(), 16)))
                                .as("CRL %d lists %s", crl.getKey(), revoked.getKey()).isNotNull();
                    }
                }
            }
            long newest = crls.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(crls.get(newest).getRevokedCertificates()).hasSize(CERTIFICATES);

            // both replicas serve the database's newest CRL, and it verifies with the CA
            byte[] newestDer = crls.get(newest).getEncoded();
            for (AppProcess replica : replicas) {
                awaitCrl(replica, newestDer);
            }
            openssl.write("ca.pem", get(a, "/api/v1/ca/certificate").body());
            java.nio.file.Files.write(openssl.dir().resolve("crl.der"), newestDer);
            assertThat(openssl.ok("crl", "-inform", "DER", "-in", "crl.der", "-CAfile", "ca.pem", "-noout")).contains("verify OK");

            // numbering continues after a restart
            a.close();
            try (AppProcess restarted = app(database).start()) {
                restarted.awaitReady(Duration.ofMinutes(3));
                HttpResponse<String> issued = post(restarted, "/api/v1/certificates", csrJson);
                HttpResponse<String> revoked = post(restarted, "/api/v1/certificates/" + field(issued.body(), "serialNumber")
                        + "/revoke", "{\"reason\":\"superseded\"}");
                assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
                assertThat(Long.parseLong(field(revoked.body(), "crlNumber"))).isGreaterThan(newest);
            }
        }
    }

    private AppProcess app(String database) {
        return AppProcess.on(database)
                .env("PORTCULLIS_CA_PASSPHRASE", "replicas-it-passphrase")
                .env("PORTCULLIS_ADMIN_TOKEN", TOKEN)
                .env("PORTCULLIS_CRL_CHECK_INTERVAL", "1s");
    }

    private void awaitCrl(AppProcess replica, byte[] expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        byte[] served = null;
        while (System.nanoTime() < deadline) {
            served = http.send(HttpRequest.newBuilder(URI.create(replica.url() + "/api/v1/crl")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            if (Arrays.equals(served, expected)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("replica on port " + replica.port() + " does not serve the newest CRL; served "
                + (served == null ? "nothing" : served.length + " bytes"));
    }

    private static Map<Long, X509CRL> crls(String database) throws Exception {
        Map<Long, X509CRL> crls = new HashMap<>();
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        try (Connection c = Database.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT number, der FROM crls ORDER BY number")) {
            while (rs.next()) {
                crls.put(rs.getLong(1), (X509CRL) x509.generateCRL(new ByteArrayInputStream(rs.getBytes(2))));
            }
        }
        return crls;
    }

    private HttpResponse<String> post(AppProcess app, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.url() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(AppProcess app, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new AssertionError(name + " not in " + json);
        }
        return m.group(1);
    }
}
