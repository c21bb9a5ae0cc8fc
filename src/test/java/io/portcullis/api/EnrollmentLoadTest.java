package io.portcullis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Database;
import io.portcullis.support.SubjectKeyIdentifiers;
import io.portcullis.support.Openssl;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

/**
 * Enrollment under load: {@value #DEVICES} devices, each with its own single-use token, order
 * their certificates from {@value #CLIENTS} concurrent clients. Every order is a 201 with a
 * certificate for its own key and name, the serials are distinct, the database holds exactly those
 * records, and the openssl CLI verifies all of them against the CA. (One token raced by 20 clients giving exactly
 * one certificate is {@link OrderResourceTest#parallelUsesOfASingleUseTokenGiveExactlyOneCertificate}.)
 */
@QuarkusTest
class EnrollmentLoadTest {

    static final int DEVICES = 500;
    static final int CLIENTS = 50;
    static final Provider BC = new BouncyCastleProvider();
    static final Pattern STRING_FIELD = Pattern.compile("\"(token|serialNumber|certificate|status)\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    @TestHTTPResource("/")
    URL base;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void fiveHundredDevicesEnrollConcurrentlyWithDistinctTokens() throws Exception {
        // names unique to this run: other test classes' rows do not count
        String domain = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".load.example";
        List<String> names = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            names.add("d" + i + "." + domain);
        }
        long started = System.nanoTime();
        List<Device> devices = new ArrayList<>();
        for (String name : names) {
            devices.add(device(name));
        }
        long csrMillis = (System.nanoTime() - started) / 1_000_000;

        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<String> tokens = new ArrayList<>();
            for (HttpResponse<String> created : all(pool, names.stream().<Callable<HttpResponse<String>>>map(name -> () ->
                    post("/api/v1/enrollment-tokens", EnrollmentApi.ADMIN, "{\"commonName\":\"" + name + "\"}")).toList())) {
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                tokens.add(field(created.body(), "token"));
            }

            List<Callable<HttpResponse<String>>> orders = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                String token = tokens.get(i);
                String body = "{\"csr\":\"" + devices.get(i).csrPem().replace("\n", "\\n") + "\"}";
                orders.add(() -> post("/api/v1/orders", "Bearer " + token, body));
            }
            long ordering = System.nanoTime();
            List<HttpResponse<String>> answers = all(pool, orders);
            long orderMillis = (System.nanoTime() - ordering) / 1_000_000;

            assertThat(answers).as("no 5xx").noneMatch(r -> r.statusCode() >= 500);
            Openssl openssl = Openssl.inTempDir();
            List<String> serials = new ArrayList<>();
            List<String> files = new ArrayList<>(List.of("verify", "-CAfile", "ca.pem"));
            for (int i = 0; i < DEVICES; i++) {
                HttpResponse<String> answer = answers.get(i);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
                assertThat(field(answer.body(), "status")).isEqualTo("valid");
                serials.add(field(answer.body(), "serialNumber"));
                String chain = field(answer.body(), "certificate").replace("\\n", "\n");
                String leaf = chain.substring(0, chain.indexOf("-----END CERTIFICATE-----") + 25) + "\n";
                openssl.write("c" + i + ".pem", leaf);
                files.add("c" + i + ".pem");
                assertIssuedFor(devices.get(i), names.get(i), leaf);
            }
            assertThat(serials).doesNotHaveDuplicates();
            assertThat(Database.count(Database.TEST_DB, "SELECT count(DISTINCT serial_number) FROM certificates WHERE status = 'valid'"
                    + " AND common_name LIKE ?", "%." + domain)).isEqualTo(DEVICES);
            assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM orders WHERE status = 'valid' AND common_name LIKE ?",
                    "%." + domain)).isEqualTo(DEVICES);

            openssl.write("ca.pem", get("/api/v1/ca/certificate"));
            String verified = openssl.ok(files.toArray(String[]::new));
            assertThat(verified.lines().filter(l -> l.endsWith(": OK"))).hasSize(DEVICES);
            System.out.printf("[reliability] load: %d enrollments (distinct single-use tokens) from %d concurrent clients in"
                            + " %d ms (%.0f/s), 0 5xx, %d distinct serials, %d rows, %d certificates verified by openssl;"
                            + " %d CSRs made in %d ms%n", DEVICES, CLIENTS, orderMillis, DEVICES * 1000.0 / orderMillis,
                    serials.size(), DEVICES, DEVICES, DEVICES, csrMillis);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<HttpResponse<String>> all(ExecutorService pool, List<Callable<HttpResponse<String>>> calls)
            throws Exception {
        List<Future<HttpResponse<String>>> futures = pool.invokeAll(calls);
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (Future<HttpResponse<String>> future : futures) {
            answers.add(future.get());
        }
        return answers;
    }

    private HttpResponse<String> post(String path, String authorization, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base.toString()).resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A device's PEM CSR and the DER SubjectPublicKeyInfo of its key. */
    private record Device(String csrPem, byte[] spki) {
    }

    /**
     * The certificate answered to a device is for that device, not for another one whose request was
     * in the same shared transaction: its key, its name, and its key identifier (RFC 5280 method 1).
     */
    private static void assertIssuedFor(Device device, String commonName, String pem) throws Exception {
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        assertThat(certificate.getPublicKey().getEncoded()).as("key of %s", commonName).isEqualTo(device.spki());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + commonName);
        assertThat(SubjectKeyIdentifiers.of(certificate)).as("SKI of %s", commonName).isEqualTo(SubjectKeyIdentifiers.method1(device.spki()));
    }

    /** A P-256 key and PEM CSR made in the JVM (openssl verifies the results; it need not make 500 keys). */
    private static Device device(String commonName) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=" + commonName), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(key.getPrivate()));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(request);
        }
        return new Device(pem.toString(), key.getPublic().getEncoded());
    }

    private static String field(String json, String name) {
        Matcher m = STRING_FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new AssertionError(name + " not in " + json);
    }
}
