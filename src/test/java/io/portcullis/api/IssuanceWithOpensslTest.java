package io.portcullis.api;

import static io.portcullis.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The openssl recipe's CSRs, made by the real {@code openssl req}, issued through the API and
 * checked by the real {@code openssl verify} and {@code openssl x509 -text}.
 */
@QuarkusTest
class IssuanceWithOpensslTest {

    static final String ADMIN = "Bearer test-admin-token";
    static final DateTimeFormatter OPENSSL_DATE = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    final Openssl openssl = Openssl.inTempDir();

    @BeforeEach
    void clean() {
        Database.execute(Database.TEST_DB, "TRUNCATE certificates");
        openssl.write("ca.crt", given().get("/api/v1/ca/certificate").then().statusCode(200).extract().asString());
    }

    /** How a test makes its key: a name and a function (openssl, file name) → key file. */
    record KeyRecipe(String name, BiFunction<Openssl, String, Path> make, String expectedLabel, String... passin) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> keys() {
        return Stream.of(
                new KeyRecipe("RSA 2048", (o, n) -> o.key(n, "rsa:2048"), "RSA-2048"),
                new KeyRecipe("RSA 2048, genrsa -des3", (o, n) -> o.des3RsaKey(n, 2048, "x"), "RSA-2048", "-passin", "pass:x"),
                new KeyRecipe("RSA 4096", (o, n) -> o.key(n, "rsa:4096"), "RSA-4096"),
                new KeyRecipe("RSA 4096, genrsa -des3", (o, n) -> o.des3RsaKey(n, 4096, "x"), "RSA-4096", "-passin", "pass:x"),
                new KeyRecipe("EC P-256", (o, n) -> o.key(n, "ec:P-256"), "EC-P256"),
                new KeyRecipe("EC P-384", (o, n) -> o.key(n, "ec:P-384"), "EC-P384"),
                new KeyRecipe("Ed25519", (o, n) -> o.key(n, "ED25519"), "Ed25519"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void issuesWhatOpensslVerifies(KeyRecipe recipe) {
        Path key = recipe.make().apply(openssl, "device");
        Path csr = openssl.csr("device", key, "/CN=door.home.example/O=Home", recipe.passin());

        Response response = issueJson(openssl.read(csr), null).then().statusCode(201).extract().response();

        assertThat(response.<String>path("keyAlgorithm")).isEqualTo(recipe.expectedLabel());
        assertThat(response.<String>path("subject")).isEqualTo("O=Home,CN=door.home.example");
        assertThat(response.getHeader("Location")).isEqualTo("/api/v1/certificates/" + response.path("serialNumber"));
        openssl.write("device.crt", response.<String>path("certificate"));
        assertThat(openssl.ok("verify", "-purpose", "sslclient", "-CAfile", "ca.crt", "device.crt")).contains("device.crt: OK");
        String text = openssl.ok("x509", "-in", "device.crt", "-noout", "-text");
        assertThat(text)
                .contains("Version: 3 (0x2)")
                .contains("TLS Web Client Authentication")
                .contains("URI:http://localhost:8080/api/v1/crl")
                .contains("CA:FALSE")
                .contains("Digital Signature")
                .contains("X509v3 Subject Key Identifier")
                .contains("X509v3 Authority Key Identifier");
        assertThat(text.contains("Key Encipherment")).isEqualTo(recipe.expectedLabel().startsWith("RSA"));
        assertThat(validity("device.crt")).isEqualTo(Duration.ofDays(365).plusMinutes(1));
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates WHERE status = 'valid' AND serial_number = ?",
                response.<String>path("serialNumber"))).isEqualTo(1);
    }

    static Stream<Arguments> validities() {
        return Stream.of(
                Arguments.of("default is 365 days", null, 365),
                Arguments.of("30 days as asked", 30, 30),
                Arguments.of("398 days is the maximum", 398, 398),
                Arguments.of("1000 days is capped at 398", 1000, 398));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validities")
    void validityIsTheRequestCappedByTheMaximum(String name, Integer requested, int expectedDays) {
        Path csr = openssl.newCsr("device", "ec:P-256", "/CN=validity.example");
        Response response = issueJson(openssl.read(csr), requested).then().statusCode(201).extract().response();
        openssl.write("device.crt", response.<String>path("certificate"));
        assertThat(validity("device.crt")).isEqualTo(Duration.ofDays(expectedDays).plusMinutes(1));
        assertThat(Instant.parse(response.path("notAfter")))
                .isEqualTo(Instant.parse(response.<String>path("notBefore")).plus(Duration.ofDays(expectedDays).plusMinutes(1)));
    }

    static Stream<Arguments> rawBodies() {
        return Stream.of(Arguments.of("PEM", "PEM"), Arguments.of("DER", "DER"));
    }

    @ParameterizedTest(name = "raw application/pkcs10, {0}")
    @MethodSource("rawBodies")
    void issuesFromARawPkcs10Body(String name, String outform) {
        Path key = openssl.key("device", "ec:P-256");
        Path csr = openssl.csr("device", key, "/CN=raw.example", "-outform", outform);
        Response response = given().header("Authorization", ADMIN).contentType("application/pkcs10")
                .queryParam("validityDays", 30)
                .body(openssl.readBytes(csr))
                .post("/api/v1/certificates")
                .then().statusCode(201).extract().response();
        assertThat(response.<String>path("commonName")).isEqualTo("raw.example");
        openssl.write("device.crt", response.<String>path("certificate"));
        assertThat(openssl.ok("verify", "-CAfile", "ca.crt", "device.crt")).contains("device.crt: OK");
        assertThat(validity("device.crt")).isEqualTo(Duration.ofDays(30).plusMinutes(1));
    }

    @Test
    void copiesTheRequestedSubjectAltNames() {
        Path csr = openssl.newCsr("device", "ec:P-256", "/CN=door.home.example",
                "-addext", "subjectAltName=DNS:Door.Home.Example,IP:192.0.2.7,IP:2001:db8::7,email:door@home.example,"
                        + "URI:https://home.example/door");
        Response response = issueJson(openssl.read(csr), null).then().statusCode(201).extract().response();
        assertThat(response.<List<String>>path("subjectAltNames")).containsExactly("DNS:door.home.example",
                "IP:192.0.2.7", "IP:2001:db8:0:0:0:0:0:7", "email:door@home.example", "URI:https://home.example/door");
        openssl.write("device.crt", response.<String>path("certificate"));
        assertThat(openssl.ok("x509", "-in", "device.crt", "-noout", "-ext", "subjectAltName"))
                .contains("DNS:door.home.example", "IP Address:192.0.2.7", "IP Address:2001:DB8:0:0:0:0:0:7",
                        "email:door@home.example", "URI:https://home.example/door");
    }

    @Test
    void aCsrAskingForCaTrueGetsCaFalse() {
        Path csr = openssl.newCsr("device", "ec:P-256", "/CN=sneaky.example",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-addext", "extendedKeyUsage=serverAuth,codeSigning");
        Response response = issueJson(openssl.read(csr), null).then().statusCode(201).extract().response();
        openssl.write("device.crt", response.<String>path("certificate"));
        String text = openssl.ok("x509", "-in", "device.crt", "-noout", "-text");
        assertThat(text).contains("CA:FALSE").doesNotContain("CA:TRUE")
                .doesNotContain("Certificate Sign").doesNotContain("Code Signing").doesNotContain("TLS Web Server Authentication");
        // a leaf it signed is refused: it cannot act as a CA
        Path subKey = openssl.key("sub", "ec:P-256");
        openssl.csr("sub", subKey, "/CN=below.example");
        openssl.ok("x509", "-req", "-in", "sub.csr", "-CA", "device.crt", "-CAkey", "device.key", "-set_serial", "1",
                "-out", "sub.crt");
        assertThat(openssl.run("verify", "-CAfile", "ca.crt", "-untrusted", "device.crt", "sub.crt").ok()).isFalse();
    }

    @Test
    void aSubjectEqualToTheCaSubjectIsRefused() {
        String caSubject = given().get("/api/v1/ca").then().statusCode(200).extract().path("subject");
        assertThat(caSubject).isEqualTo("CN=Portcullis Root CA,O=Portcullis");
        assertThat(openssl.ok("x509", "-in", "ca.crt", "-noout", "-subject"))
                .contains("subject=O = Portcullis, CN = Portcullis Root CA");
        Path csr = openssl.newCsr("device", "ec:P-256", "/O=Portcullis/CN=Portcullis Root CA");

        assertProblem(issueJson(openssl.read(csr), null), 400, "badCSR");
        assertThat(Database.count("SELECT count(*) FROM certificates")).isZero();
    }

    static Stream<Arguments> tampering() {
        return Stream.of(
                Arguments.of("signature bit flipped", (Tamper) der -> {
                    der[der.length - 1] ^= 0x01;
                    return der;
                }),
                Arguments.of("subject changed after signing", (Tamper) der -> replace(der, "door", "dOor")));
    }

    interface Tamper {
        byte[] apply(byte[] der);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tampering")
    void aTamperedCsrIsRefusedAndLeavesNoRow(String name, Tamper tamper) {
        for (String keySpec : List.of("rsa:2048", "ec:P-256")) {
            Path csr = openssl.csr("device", openssl.key("device", keySpec), "/CN=door.example", "-outform", "DER");
            byte[] tampered = tamper.apply(openssl.readBytes(csr));

            Response response = given().header("Authorization", ADMIN).contentType("application/pkcs10").body(tampered)
                    .post("/api/v1/certificates");

            assertProblem(response, 400, "badCSR");
            assertThat(response.<String>path("detail")).as(keySpec).contains("proof of possession");
        }
        assertThat(Database.count("SELECT count(*) FROM certificates")).isZero();
    }

    @Test
    void rsa1024IsABadPublicKey() {
        Path csr = openssl.newCsr("device", "rsa:1024", "/CN=weak.example");
        assertProblem(issueJson(openssl.read(csr), null), 400, "badPublicKey");
        assertThat(Database.count("SELECT count(*) FROM certificates")).isZero();
    }

    @Test
    void unsupportedKeysAreBadPublicKeys() {
        for (String spec : List.of("ec:secp256k1", "ED448")) {
            Path csr = openssl.newCsr("device", spec, "/CN=odd.example");
            assertProblem(issueJson(openssl.read(csr), null), 400, "badPublicKey");
        }
        assertThat(Database.count("SELECT count(*) FROM certificates")).isZero();
    }

    static Response issueJson(String csrPem, Integer validityDays) {
        Map<String, Object> body = new HashMap<>();
        body.put("csr", csrPem);
        if (validityDays != null) {
            body.put("validityDays", validityDays);
        }
        return given().header("Authorization", ADMIN).contentType("application/json").body(body).post("/api/v1/certificates");
    }

    /** notAfter − notBefore as openssl prints them. */
    private Duration validity(String certificate) {
        String dates = openssl.ok("x509", "-in", certificate, "-noout", "-startdate", "-enddate");
        Instant notBefore = null;
        Instant notAfter = null;
        for (String line : dates.split("\n")) {
            if (line.startsWith("notBefore=")) {
                notBefore = ZonedDateTime.parse(line.substring(10).trim(), OPENSSL_DATE).toInstant();
            } else if (line.startsWith("notAfter=")) {
                notAfter = ZonedDateTime.parse(line.substring(9).trim(), OPENSSL_DATE).toInstant();
            }
        }
        assertThat(notBefore).as(dates).isNotNull();
        assertThat(notAfter).as(dates).isNotNull();
        return Duration.between(notBefore, notAfter);
    }

    private static byte[] replace(byte[] der, String from, String to) {
        String latin = new String(der, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(latin).contains(from);
        return latin.replace(from, to).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
