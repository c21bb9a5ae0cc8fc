package io.portcullis.it;

import static io.portcullis.support.JsonFields.field;
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
import java.security.cert.X509CRLEntry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.Test;

/**
 * Two service processes on one database revoking {@value #CERTIFICATES} certificates concurrently:
 * CRL numbers never repeat, each CRL's number is the one in its DER, every CRL lists every
 * revocation committed before it (so each one's entries include its predecessor's), the final CRL
 * as openssl reads it lists every revoked serial, both replicas serve the newest CRL, and numbering
 * continues across a restart.
 */
class CrlReplicasIT {

    static final String TOKEN = "replicas-it-admin-token-0123456789abcdefghijklmnop";
    static final int CERTIFICATES = 100;
    static final int CLIENTS = 20;

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
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<HttpResponse<String>>> issuances = new ArrayList<>();
            for (int i = 0; i < CERTIFICATES; i++) {
                AppProcess replica = replicas[i % 2];
                issuances.add(pool.submit(() -> post(replica, "/api/v1/certificates", csrJson)));
            }
            List<String> serials = new ArrayList<>();
            for (Future<HttpResponse<String>> issuance : issuances) {
                HttpResponse<String> issued = issuance.get();
                assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
                serials.add(field(issued.body(), "serialNumber"));
            }

            long revoking = System.nanoTime();
            List<Future<HttpResponse<String>>> revocations = new ArrayList<>();
            for (int i = 0; i < CERTIFICATES; i++) {
                AppProcess replica = replicas[i % 2];
                String serial = serials.get(i);
                // not keyCompromise: the certificates share one key, and that would revoke all of them at once
                revocations.add(pool.submit(() -> post(replica, "/api/v1/certificates/" + serial + "/revoke",
                        "{\"reason\":\"cessationOfOperation\"}")));
            }
            Map<String, Long> listedFrom = new HashMap<>();
            for (int i = 0; i < CERTIFICATES; i++) {
                HttpResponse<String> response = revocations.get(i).get();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                listedFrom.put(serials.get(i), Long.parseLong(field(response.body(), "crlNumber")));
            }
            long revokeMillis = (System.nanoTime() - revoking) / 1_000_000;
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
            // numbers strictly increase with time and content: a later number never lists less or is older
            X509CRL previous = null;
            for (long number : crls.keySet().stream().sorted().toList()) {
                X509CRL crl = crls.get(number);
                assertThat(ASN1Integer.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                        crl.getExtensionValue(Extension.cRLNumber.getId()))).getValue()).as("CRL number in the DER")
                        .isEqualTo(BigInteger.valueOf(number));
                if (previous != null) {
                    assertThat(crl.getThisUpdate()).isAfterOrEqualTo(previous.getThisUpdate());
                    for (X509CRLEntry entry : previous.getRevokedCertificates() == null ? Set.<X509CRLEntry>of()
                            : previous.getRevokedCertificates()) {
                        assertThat(crl.getRevokedCertificate(entry.getSerialNumber())).as("CRL %d keeps %s", number,
                                entry.getSerialNumber().toString(16)).isNotNull();
                    }
                }
                previous = crl;
            }

            // both replicas serve the database's newest CRL, and it verifies with the CA
            byte[] newestDer = crls.get(newest).getEncoded();
            for (AppProcess replica : replicas) {
                awaitCrl(replica, newestDer);
            }
            openssl.write("ca.pem", get(a, "/api/v1/ca/certificate").body());
            java.nio.file.Files.write(openssl.dir().resolve("crl.der"), newestDer);
            assertThat(openssl.ok("crl", "-inform", "DER", "-in", "crl.der", "-CAfile", "ca.pem", "-noout")).contains("verify OK");
            String text = openssl.ok("crl", "-inform", "DER", "-in", "crl.der", "-noout", "-text");
            List<String> listed = Pattern.compile("Serial Number: ([0-9A-F]+)").matcher(text).results()
                    .map(m -> new BigInteger(m.group(1), 16).toString(16)).toList();
            assertThat(listed).as("serials openssl reads in the final CRL").containsExactlyInAnyOrderElementsOf(serials);
            System.out.printf("[reliability] replicas: %d revocations from %d clients across 2 service processes on one"
                            + " database in %d ms; %d CRLs numbered %d..%d without a repeat, each listing its predecessor's"
                            + " entries; the final CRL (openssl) lists all %d%n", CERTIFICATES, CLIENTS, revokeMillis,
                    crls.size(), crls.keySet().stream().mapToLong(Long::longValue).min().orElseThrow(), newest, listed.size());

            // numbering continues after a restart
            a.close();
            try (AppProcess restarted = app(database).start()) {
                restarted.awaitReady(Duration.ofMinutes(3));
                // a new key, a new device
                Path fresh = openssl.newCsr("after-restart", "ec:P-256", "/CN=device.home.example");
                HttpResponse<String> issued = post(restarted, "/api/v1/certificates",
                        "{\"csr\":\"" + openssl.read(fresh).replace("\n", "\\n") + "\"}");
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

}
