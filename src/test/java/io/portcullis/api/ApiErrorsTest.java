package io.portcullis.api;

import static io.portcullis.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a request can fail answers a problem document, leaks nothing and leaves no row. */
@QuarkusTest
class ApiErrorsTest {

    static final String ADMIN = "Bearer test-admin-token";

    @TestHTTPResource("/api/v1/certificates")
    URI certificates;

    @BeforeEach
    void clean() {
        Database.execute(Database.TEST_DB, "TRUNCATE certificates");
    }

    static Stream<Arguments> unauthenticated() {
        return Stream.of(
                Arguments.of("no Authorization header", (Supplier<RequestSpecification>) () -> given()),
                Arguments.of("wrong token", (Supplier<RequestSpecification>) () -> given().header("Authorization", "Bearer wrong-token")),
                Arguments.of("Basic scheme", (Supplier<RequestSpecification>) () -> given().header("Authorization", "Basic YWRtaW46YWRtaW4=")),
                Arguments.of("empty bearer", (Supplier<RequestSpecification>) () -> given().header("Authorization", "Bearer ")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unauthenticated")
    void withoutAValidTokenEveryCertificateEndpointAnswers401(String name, Supplier<RequestSpecification> request) {
        String csr = Openssl.inTempDir().read(Openssl.inTempDir().newCsr("device", "ec:P-256", "/CN=door.example"));
        for (Response response : new Response[] {
            request.get().contentType("application/json").body(Map.of("csr", csr)).post("/api/v1/certificates"),
            request.get().contentType("application/pkcs10").body(csr.getBytes(StandardCharsets.US_ASCII))
                    .post("/api/v1/certificates"),
            request.get().get("/api/v1/certificates"),
            request.get().get("/api/v1/certificates/1234abcd")}) {
            assertProblem(response, 401, "unauthorized");
            assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        }
        assertThat(Database.count("SELECT count(*) FROM certificates")).isZero();
    }

    @Test
    void theCaIsPublic() {
        given().get("/api/v1/ca").then().statusCode(200);
        given().header("Authorization", "Bearer wrong-token").get("/api/v1/ca/certificate").then().statusCode(200);
    }

    static Stream<Arguments> malformedJson() {
        return Stream.of(
                Arguments.of("not JSON", "{\"csr\": ", "not well-formed JSON at line 1"),
                Arguments.of("unknown property", "{\"csr\": \"x\", \"secret\": 1}", "unknown property 'secret'"),
                Arguments.of("wrong type", "{\"csr\": \"x\", \"validityDays\": \"ten\"}", "property 'validityDays'"),
                Arguments.of("array instead of object", "[1, 2]", "not the expected JSON"),
                Arguments.of("empty body", "", "required"),
                Arguments.of("csr missing", "{\"validityDays\": 30}", "csr is required"),
                Arguments.of("csr blank", "{\"csr\": \"  \"}", "csr is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedJson")
    void malformedJsonIsA400WithoutInternals(String name, String body, String detailPart) {
        Response response = given().header("Authorization", ADMIN).contentType("application/json")
                .body(body.getBytes(StandardCharsets.UTF_8)).post("/api/v1/certificates");
        assertProblem(response, 400, "malformed");
        assertThat(response.<String>path("detail")).contains(detailPart);
        assertThat(Database.count("SELECT count(*) FROM certificates")).isZero();
    }

    static Stream<Arguments> badCsrs() {
        return Stream.of(
                Arguments.of("not a CSR", "hello".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("PEM with bad base64", "-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----\n"
                        .getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("a certificate instead of a CSR", Openssl.inTempDir().ok("req", "-x509", "-newkey", "ec",
                        "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "/dev/null", "-subj", "/CN=x")
                        .getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("truncated DER", new byte[] {0x30, (byte) 0x82, 0x01}),
                Arguments.of("empty body", new byte[0]),
                Arguments.of("NUL in the common name", bcCsr(new X500NameBuilder(BCStyle.INSTANCE)
                        .addRDN(BCStyle.CN, new DERUTF8String("door\u0000evil.example")).build(), null)),
                Arguments.of("NUL in an email SAN", bcCsr(new X500Name("CN=door.example"),
                        new GeneralNames(new GeneralName(GeneralName.rfc822Name, new DERIA5String("a\u0000@b.example"))))),
                Arguments.of("neither CN nor SAN", bcCsr(new X500Name("O=Home"), null)),
                Arguments.of("unsupported SAN type", bcCsr(new X500Name("CN=door.example"),
                        new GeneralNames(new GeneralName(GeneralName.directoryName, new X500Name("CN=x"))))),
                Arguments.of("invalid DNS SAN", bcCsr(new X500Name("CN=door.example"),
                        new GeneralNames(new GeneralName(GeneralName.dNSName, "bad_name..example")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCsrs")
    void aBadCsrIsABadCsrNeverA500(String name, byte[] body) {
        Response raw = given().header("Authorization", ADMIN).contentType("application/pkcs10").body(body)
                .post("/api/v1/certificates");
        assertProblem(raw, 400, "badCSR");
        Response json = given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("csr", new String(body, StandardCharsets.ISO_8859_1))).post("/api/v1/certificates");
        assertThat(json.statusCode()).isEqualTo(400);
        assertProblem(json, 400, json.<String>path("type").endsWith("malformed") ? "malformed" : "badCSR");
        assertThat(Database.count("SELECT count(*) FROM certificates")).isZero();
    }

    @Test
    void hostilePemIsRefusedQuickly() {
        // within the CSR body limit, so that the parser is what refuses it
        String hostile = "-----BEGIN CERTIFICATE REQUEST-----" + " ".repeat(8_000) + "\n".repeat(8_000);
        long start = System.nanoTime();
        Response response = given().header("Authorization", ADMIN).contentType("application/pkcs10")
                .body(hostile.getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/certificates");
        assertProblem(response, 400, "badCSR");
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(3_000);
    }

    @Test
    void wrongContentTypeIs415() {
        Response response = given().header("Authorization", ADMIN).contentType("text/plain").body("csr")
                .post("/api/v1/certificates");
        assertProblem(response, 415, "malformed");
    }

    @Test
    void aCsrBodyOver16KibIs413BeforeAnythingIsRead() {
        byte[] big = new byte[16 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) 'A');
        for (String type : new String[] {"application/pkcs10", "application/json"}) {
            for (String path : new String[] {"/api/v1/certificates", "/api/v1/orders"}) {
                Response response = given().header("Authorization", ADMIN).contentType(type).body(big).post(path);
                assertProblem(response, 413, "malformed");
                assertThat(response.jsonPath().getString("detail")).contains("16384 bytes");
            }
        }
        // exactly at the limit the body is read (and refused for what it is)
        byte[] atLimit = java.util.Arrays.copyOf(big, 16 * 1024);
        assertProblem(given().header("Authorization", ADMIN).contentType("application/pkcs10").body(atLimit)
                .post("/api/v1/certificates"), 400, "badCSR");
        assertThat(Database.count("SELECT count(*) FROM certificates")).isZero();
    }

    @Test
    void anyOtherBodyOver64KibIs413() {
        byte[] big = new byte[64 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) 'A');
        Response response = given().header("Authorization", ADMIN).contentType("application/json").body(big)
                .post("/api/v1/credentials");
        assertProblem(response, 413, "malformed");
        assertThat(response.jsonPath().getString("detail")).contains("65536 bytes");
        // under it, the body is read and refused for what it is
        assertProblem(given().header("Authorization", ADMIN).contentType("application/json")
                .body(java.util.Arrays.copyOf(big, 20_000)).post("/api/v1/credentials"), 400, "malformed");
    }

    @Test
    void aChunkedBodyIsCappedTooAndAChunkedCsrStillWorks() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        byte[] big = new byte[200 * 1024];
        java.util.Arrays.fill(big, (byte) 'A');
        HttpResponse<String> tooLarge = client.send(chunked(big), HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(tooLarge.body()).contains("urn:ietf:params:acme:error:malformed");

        Openssl openssl = Openssl.inTempDir();
        byte[] csr = openssl.readBytes(openssl.newCsr("device", "ec:P-256", "/CN=chunked.example"));
        HttpResponse<String> issued = client.send(chunked(csr), HttpResponse.BodyHandlers.ofString());
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        assertThat(Database.count("SELECT count(*) FROM certificates")).isEqualTo(1);
    }

    /** A POST without Content-Length: the JDK client sends a body of unknown length chunked. */
    private HttpRequest chunked(byte[] body) {
        return HttpRequest.newBuilder(certificates)
                .header("Authorization", ADMIN)
                .header("Content-Type", "application/pkcs10")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
    }

    @Test
    void unknownPathsAre404Problems() {
        assertProblem(given().get("/api/v1/nope"), 404, "malformed");
        assertProblem(given().get("/nope"), 404, "malformed");
        assertProblem(given().header("Authorization", ADMIN).get("/api/v1/certificates/1234/extra"), 404, "malformed");
    }

    @Test
    void unknownSerialIs404AndBadSerialIs400() {
        Response missing = given().header("Authorization", ADMIN).get("/api/v1/certificates/7f0011223344556677");
        assertProblem(missing, 404, "malformed");
        assertThat(missing.<String>path("detail")).contains("7f0011223344556677");
        assertProblem(given().header("Authorization", ADMIN).get("/api/v1/certificates/not-hex"), 400, "malformed");
        assertProblem(given().header("Authorization", ADMIN).get("/api/v1/certificates/" + "a".repeat(60)), 400, "malformed");
    }

    @Test
    void wrongMethodAndAcceptAreProblems() {
        assertProblem(given().post("/api/v1/ca"), 405, "malformed");
        assertProblem(given().header("Authorization", ADMIN).delete("/api/v1/certificates"), 405, "malformed");
        assertProblem(given().accept("text/html").get("/api/v1/ca"), 406, "malformed");
    }

    static Stream<Arguments> badQueries() {
        return Stream.of(
                Arguments.of("status=bogus", "status", "bogus"),
                Arguments.of("page=-1", "page", "-1"),
                Arguments.of("page=abc", "page", "abc"),
                Arguments.of("page beyond any page", "page", "2147483647"),
                Arguments.of("size=0", "size", "0"),
                Arguments.of("size=501", "size", "501"),
                Arguments.of("size=abc", "size", "abc"),
                Arguments.of("expiringWithinDays=-1", "expiringWithinDays", "-1"),
                Arguments.of("expiringWithinDays huge", "expiringWithinDays", "2147483647"),
                Arguments.of("expiringWithinDays=soon", "expiringWithinDays", "soon"),
                Arguments.of("NUL in commonName", "commonName", "a\u0000b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badQueries")
    void badListQueriesAre400(String name, String parameter, String value) {
        assertProblem(given().header("Authorization", ADMIN).queryParam(parameter, value).get("/api/v1/certificates"),
                400, "malformed");
    }

    @Test
    void badValidityDaysIsA400() {
        String csr = Openssl.inTempDir().read(Openssl.inTempDir().newCsr("device", "ec:P-256", "/CN=door.example"));
        assertProblem(given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("csr", csr, "validityDays", 0)).post("/api/v1/certificates"), 400, "malformed");
        assertProblem(given().header("Authorization", ADMIN).contentType("application/pkcs10").queryParam("validityDays", "ten")
                .body(csr.getBytes(StandardCharsets.US_ASCII)).post("/api/v1/certificates"), 400, "malformed");
        assertThat(Database.count("SELECT count(*) FROM certificates")).isZero();
    }

    /** A CSR built directly with BouncyCastle, for encodings openssl will not produce. */
    static byte[] bcCsr(X500Name subject, GeneralNames sans) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair pair = generator.generateKeyPair();
            JcaPKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(subject, pair.getPublic());
            if (sans != null) {
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false, sans);
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
