package io.portcullis.api;

import static io.portcullis.api.HostileCsrs.ascii;
import static io.portcullis.api.HostileCsrs.pem;
import static io.portcullis.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile bodies (beyond the everyday mistakes of {@link ApiErrorsTest}) sent to both ways in, the
 * admin's {@code POST /api/v1/certificates} and an enrollment token's {@code POST /api/v1/orders}:
 * each gets its 4xx problem quickly, writes no row anywhere and spends no token use.
 */
@QuarkusTest
class HostileInputTest {

    static final String ADMIN = "Bearer test-admin-token";
    static final List<String> TABLES = List.of("certificates", "orders", "audit_events", "compromised_keys");

    private String token;
    private String tokenId;

    @BeforeEach
    void freshToken() {
        Response created = EnrollmentApi.token("hostile.example", "uses", 2);
        token = created.path("token");
        tokenId = created.path("id");
    }

    static Stream<Arguments> hostileCsrs() {
        Openssl openssl = Openssl.inTempDir();
        byte[] good = HostileCsrs.opensslCsr(openssl, "good", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
        String goodPem = pem("CERTIFICATE REQUEST", good);
        byte[] noise = new byte[3000];
        new Random(8).nextBytes(noise);
        return Stream.of(
                Arguments.of("truncated PEM (no END line)", ascii(goodPem.substring(0, goodPem.length() / 2)), 400, "badCSR"),
                Arguments.of("PEM with its base64 cut short", ascii(pem("CERTIFICATE REQUEST", Arrays.copyOf(good, good.length - 40))),
                        400, "badCSR"),
                Arguments.of("PEM of random bytes", ascii(pem("CERTIFICATE REQUEST", noise)), 400, "badCSR"),
                Arguments.of("wrong PEM label (PUBLIC KEY)", ascii(pem("PUBLIC KEY", good)), 400, "badCSR"),
                Arguments.of("wrong PEM label (CERTIFICATE)", ascii(pem("CERTIFICATE", good)), 400, "badCSR"),
                Arguments.of("two CSRs in one body", ascii(goodPem + goodPem), 400, "badCSR"),
                Arguments.of("base64 without PEM armour", ascii(Base64.getEncoder().encodeToString(good)), 400, "badCSR"),
                Arguments.of("random bytes as DER", noise, 400, "badCSR"),
                Arguments.of("DER with trailing data", concat(good, new byte[] {0x05, 0x00}), 400, "badCSR"),
                // sized to pass the 16 KiB CSR body limit, so that the parser is what refuses them
                Arguments.of("3,000 nested SEQUENCEs", HostileCsrs.nestedSequences(3_000), 400, "badCSR"),
                Arguments.of("2,000 nested SEQUENCEs as PEM", ascii(pem("CERTIFICATE REQUEST", HostileCsrs.nestedSequences(2_000))),
                        400, "badCSR"),
                Arguments.of("300 DNS names (limit 100)", HostileCsrs.withDnsNames(300), 400, "badCSR"),
                Arguments.of("10,000 DNS names (over the 16 KiB CSR body limit)", HostileCsrs.withDnsNames(10_000), 413, "malformed"),
                Arguments.of("a 10 KB subject", HostileCsrs.withLongSubject(10_000), 400, "badCSR"),
                Arguments.of("a 1 MB subject", HostileCsrs.withLongSubject(1_000_000), 413, "malformed"),
                Arguments.of("duplicate subjectAltName extensions", HostileCsrs.withDuplicateExtensions(), 400, "badCSR"),
                Arguments.of("curve secp256k1", HostileCsrs.opensslCsr(openssl, "k1", "-algorithm", "EC",
                        "-pkeyopt", "ec_paramgen_curve:secp256k1"), 400, "badPublicKey"),
                Arguments.of("curve brainpoolP256r1", HostileCsrs.opensslCsr(openssl, "brainpool", "-algorithm", "EC",
                        "-pkeyopt", "ec_paramgen_curve:brainpoolP256r1"), 400, "badPublicKey"),
                Arguments.of("P-256 with explicit curve parameters", HostileCsrs.opensslCsr(openssl, "explicit", "-algorithm", "EC",
                        "-pkeyopt", "ec_paramgen_curve:P-256", "-pkeyopt", "ec_param_enc:explicit"), 400, "badPublicKey"),
                Arguments.of("RSA e=1", HostileCsrs.rsaKey(BigInteger.ONE.shiftLeft(2047).add(BigInteger.valueOf(1_423)),
                        BigInteger.ONE), 400, "badPublicKey"),
                Arguments.of("RSA even e", HostileCsrs.rsaKey(BigInteger.ONE.shiftLeft(2047).add(BigInteger.valueOf(1_423)),
                        BigInteger.valueOf(65_536)), 400, "badPublicKey"),
                Arguments.of("RSA e=3", HostileCsrs.rsaKey(BigInteger.ONE.shiftLeft(2047).add(BigInteger.valueOf(1_423)),
                        BigInteger.valueOf(3)), 400, "badPublicKey"),
                Arguments.of("RSA 2047-bit e", HostileCsrs.rsaKey(BigInteger.ONE.shiftLeft(2047).add(BigInteger.valueOf(1_423)),
                        BigInteger.ONE.shiftLeft(2046).add(BigInteger.ONE)), 400, "badPublicKey"),
                Arguments.of("RSA even modulus", HostileCsrs.rsaKey(BigInteger.ONE.shiftLeft(2047), HostileCsrs.F4),
                        400, "badPublicKey"),
                Arguments.of("RSA modulus with a small factor", HostileCsrs.smallFactorRsa(), 400, "badPublicKey"),
                Arguments.of("RSA primes too close (Fermat)", HostileCsrs.fermatWeakRsa(), 400, "badPublicKey"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileCsrs")
    void aHostileCsrIsRefusedWithoutATrace(String name, byte[] body, int status, String type) {
        Map<String, Long> before = rows();
        long start = System.nanoTime();
        Response admin = given().header("Authorization", ADMIN).contentType("application/pkcs10").body(body)
                .post("/api/v1/certificates");
        Response order = given().header("Authorization", EnrollmentApi.bearer(token)).contentType("application/pkcs10")
                .body(body).post("/api/v1/orders");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertProblem(admin, status, type);
        assertProblem(order, status, type);
        assertThat(millis).as("milliseconds for both requests").isLessThan(5_000);
        assertThat(rows()).isEqualTo(before);
        assertThat(usesLeft()).as("token uses left").isEqualTo(2);
    }

    static Stream<Arguments> hostileJson() {
        byte[] latin1 = "{\"csr\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf16 = "{\"csr\": \"x\"}".getBytes(StandardCharsets.UTF_16);
        byte[] invalidUtf8 = {'{', '"', 'c', 's', 'r', '"', ':', '"', (byte) 0xc3, (byte) 0x28, (byte) 0xff, '"', '}'};
        return Stream.of(
                Arguments.of("Latin-1 JSON", latin1),
                Arguments.of("UTF-16 JSON", utf16),
                Arguments.of("invalid UTF-8 in a string", invalidUtf8),
                Arguments.of("deeply nested JSON arrays", ascii("{\"csr\": " + "[".repeat(5_000) + "]".repeat(5_000) + "}")),
                Arguments.of("NUL bytes", new byte[] {'{', 0, 0, 0, '}'}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileJson")
    void hostileJsonIsMalformed(String name, byte[] body) {
        Map<String, Long> before = rows();
        for (Response response : new Response[] {
            given().header("Authorization", ADMIN).contentType("application/json").body(body).post("/api/v1/certificates"),
            given().header("Authorization", EnrollmentApi.bearer(token)).contentType("application/json").body(body)
                    .post("/api/v1/orders")}) {
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
            assertProblem(response, 400, response.<String>path("type").endsWith("badCSR") ? "badCSR" : "malformed");
        }
        assertThat(rows()).isEqualTo(before);
        assertThat(usesLeft()).isEqualTo(2);
    }

    static Stream<Arguments> wrongContentTypes() {
        return Stream.of(
                Arguments.of("application/xml"),
                Arguments.of("application/x-www-form-urlencoded"),
                Arguments.of("multipart/form-data; boundary=x"),
                Arguments.of("application/pkcs10-but-not"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongContentTypes")
    void aWrongContentTypeIs415(String contentType) {
        Map<String, Long> before = rows();
        // sent as plain bytes whatever the declared type, as a hostile client would
        RestAssuredConfig config = RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                .encodeContentTypeAs(contentType.split(";")[0], ContentType.TEXT));
        String body = "csr=x";
        assertProblem(given().config(config).header("Authorization", ADMIN).contentType(contentType).body(body)
                .post("/api/v1/certificates"), 415, "malformed");
        assertProblem(given().config(config).header("Authorization", EnrollmentApi.bearer(token)).contentType(contentType)
                .body(body).post("/api/v1/orders"), 415, "malformed");
        assertThat(rows()).isEqualTo(before);
        assertThat(usesLeft()).isEqualTo(2);
    }

    @Test
    void aOneMegabyteBodyIs413ForEveryWayIn() {
        Map<String, Long> before = rows();
        byte[] big = new byte[1024 * 1024];
        Arrays.fill(big, (byte) '[');
        for (String type : new String[] {"application/json", "application/pkcs10"}) {
            assertProblem(given().header("Authorization", ADMIN).contentType(type).body(big)
                    .post("/api/v1/certificates"), 413, "malformed");
            assertProblem(given().header("Authorization", EnrollmentApi.bearer(token)).contentType(type).body(big)
                    .post("/api/v1/orders"), 413, "malformed");
        }
        assertThat(rows()).isEqualTo(before);
        assertThat(usesLeft()).isEqualTo(2);
    }

    private long usesLeft() {
        return Database.count(Database.TEST_DB, "SELECT uses_left FROM enrollment_tokens WHERE id = ?", tokenId);
    }

    private static Map<String, Long> rows() {
        return TABLES.stream().collect(java.util.stream.Collectors.toMap(t -> t, t -> Database.count("SELECT count(*) FROM " + t)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
