package io.portcullis.api;

import static io.portcullis.api.Lifecycle.ADMIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OcspResourceTest {

    final Openssl openssl = Openssl.inTempDir();

    @BeforeEach
    void clean() {
        Database.execute(Database.TEST_DB, "TRUNCATE certificates");
    }

    /** A time openssl prints, as in {@code This Update: Nov  7 22:30:00 2026 GMT}. */
    private static LocalDateTime opensslTime(String output, String label) {
        Matcher m = Pattern.compile(label + ": (\\w{3} +\\d{1,2} \\d{2}:\\d{2}:\\d{2} \\d{4}) GMT").matcher(output);
        assertThat(m.find()).as(label + " in:%n%s", output).isTrue();
        return LocalDateTime.parse(m.group(1).replaceAll(" +", " "), DateTimeFormatter.ofPattern("MMM d HH:mm:ss yyyy", Locale.ROOT));
    }

    private String url() {
        return "http://localhost:" + RestAssured.port + "/api/v1/ocsp";
    }

    @Test
    void opensslOcspReportsGoodRevokedAndUnknown() {
        Lifecycle.Issued good = Lifecycle.issue(openssl, "good", 30);
        Lifecycle.Issued revoked = Lifecycle.issue(openssl, "revoked", 30);
        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", "keyCompromise"))
                .post("/api/v1/certificates/" + revoked.serial() + "/revoke").then().statusCode(200);
        Lifecycle.caPem(openssl);

        String goodOut = openssl.ok("ocsp", "-issuer", "ca.pem", "-CAfile", "ca.pem", "-cert", good.certificate().toString(),
                "-url", url());
        assertThat(goodOut).contains("Response verify OK").contains("good.crt: good").contains("Next Update")
                .doesNotContain("WARNING");
        assertThat(Duration.between(opensslTime(goodOut, "This Update"), opensslTime(goodOut, "Next Update")))
                .as("PORTCULLIS_OCSP_VALIDITY's default").isEqualTo(Duration.ofHours(1));

        String revokedOut = openssl.ok("ocsp", "-issuer", "ca.pem", "-CAfile", "ca.pem", "-cert", revoked.certificate().toString(),
                "-url", url());
        assertThat(revokedOut).contains("Response verify OK").contains("revoked.crt: revoked")
                .contains("Reason: keyCompromise").contains("Revocation Time");

        // a serial this CA never issued is unknown, never good
        String unknownOut = openssl.ok("ocsp", "-issuer", "ca.pem", "-CAfile", "ca.pem", "-serial", "0x1234567890abcdef",
                "-url", url());
        assertThat(unknownOut).contains("Response verify OK").contains("0x1234567890abcdef: unknown");
    }

    @Test
    void aRequestMayAskForAFewCertificatesOnly() {
        Lifecycle.Issued good = Lifecycle.issue(openssl, "few", 30);
        Lifecycle.caPem(openssl);
        List<String> args = new ArrayList<>(List.of("ocsp", "-issuer", "ca.pem", "-CAfile", "ca.pem", "-url", url(),
                "-serial", "0x" + good.serial()));
        for (int i = 1; i < 4; i++) {
            args.addAll(List.of("-serial", "0x" + "1234567890abcde" + i));
        }
        assertThat(openssl.ok(args.toArray(String[]::new))).contains("Response verify OK")
                .contains("0x" + good.serial() + ": good").contains("0x1234567890abcde3: unknown");

        args.addAll(List.of("-serial", "0x1234567890abcde4")); // one CertID more: each costs lookups and a signature
        assertThat(openssl.run(args.toArray(String[]::new)).output()).contains("Responder Error: malformedrequest");
    }

    @Test
    void aCertIdOfAnotherIssuerIsUnknownEvenForOurSerial() {
        Lifecycle.Issued good = Lifecycle.issue(openssl, "mine", 30);
        openssl.ok("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "other.key",
                "-subj", "/CN=Other CA", "-days", "2", "-out", "other.pem");
        Lifecycle.caPem(openssl);
        String out = openssl.ok("ocsp", "-issuer", "other.pem", "-VAfile", "ca.pem", "-serial", "0x" + good.serial(),
                "-url", url());
        assertThat(out).contains(": unknown");
    }

    @Test
    void getWithBase64InThePathEchoesTheNonceAndMalformedRequestsGetAnOcspError() throws Exception {
        Lifecycle.Issued good = Lifecycle.issue(openssl, "viaget", 30);
        Lifecycle.caPem(openssl);
        openssl.ok("ocsp", "-issuer", "ca.pem", "-cert", good.certificate().toString(), "-reqout", "req.der");
        byte[] request = Files.readAllBytes(openssl.dir().resolve("req.der"));
        for (String encoded : new String[] {
            Base64.getUrlEncoder().withoutPadding().encodeToString(request),
            java.net.URLEncoder.encode(Base64.getEncoder().encodeToString(request), java.nio.charset.StandardCharsets.UTF_8)}) {
            byte[] response = given().urlEncodingEnabled(false).get("/api/v1/ocsp/" + encoded)
                    .then().statusCode(200).contentType("application/ocsp-response").extract().asByteArray();
            Files.write(openssl.dir().resolve("resp.der"), response);
            // (openssl ignores -reqin when -cert is given, so the nonce is compared here)
            String out = openssl.ok("ocsp", "-respin", "resp.der", "-issuer", "ca.pem", "-CAfile", "ca.pem", "-resp_text");
            assertThat(out).contains("Response verify OK").contains("Cert Status: good");
            assertThat(nonce(out)).isEqualTo(nonce(openssl.ok("ocsp", "-reqin", "req.der", "-req_text"))).isNotEmpty();
        }

        for (byte[] body : new byte[][] {"garbage".getBytes(), new byte[0], {0x30, 0x03, 0x02, 0x01}}) {
            byte[] response = given().contentType("application/ocsp-request").body(body).post("/api/v1/ocsp")
                    .then().statusCode(200).contentType("application/ocsp-response").extract().asByteArray();
            Files.write(openssl.dir().resolve("bad.der"), response);
            assertThat(openssl.run("ocsp", "-respin", "bad.der", "-resp_text", "-noverify").output())
                    .contains("Responder Error: malformedrequest");
        }
        byte[] response = given().get("/api/v1/ocsp/%%%not-base64").then().statusCode(200).extract().asByteArray();
        Files.write(openssl.dir().resolve("bad.der"), response);
        assertThat(openssl.run("ocsp", "-respin", "bad.der", "-resp_text", "-noverify").output()).contains("malformedrequest");
    }

    /** nginx and browsers send no nonce: their answer is signed once, and a revocation replaces it at once. */
    @Test
    void aRequestWithoutANonceGetsTheSameSignedBytesUntilTheCertificateIsRevoked() throws Exception {
        Lifecycle.Issued device = Lifecycle.issue(openssl, "kept", 30);
        Lifecycle.caPem(openssl);
        openssl.ok("ocsp", "-issuer", "ca.pem", "-cert", device.certificate().toString(), "-no_nonce", "-reqout", "req.der");
        String path = "/api/v1/ocsp/" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Files.readAllBytes(openssl.dir().resolve("req.der")));

        byte[] first = given().urlEncodingEnabled(false).get(path).then().statusCode(200).extract().asByteArray();
        byte[] again = given().urlEncodingEnabled(false).get(path).then().statusCode(200).extract().asByteArray();
        assertThat(again).isEqualTo(first);
        Files.write(openssl.dir().resolve("kept.der"), again);
        assertThat(openssl.ok("ocsp", "-respin", "kept.der", "-CAfile", "ca.pem", "-resp_text"))
                .contains("Response verify OK").contains("Cert Status: good");

        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", "keyCompromise"))
                .post("/api/v1/certificates/" + device.serial() + "/revoke").then().statusCode(200);
        byte[] after = given().urlEncodingEnabled(false).get(path).then().statusCode(200).extract().asByteArray();
        Files.write(openssl.dir().resolve("after.der"), after);
        assertThat(openssl.ok("ocsp", "-respin", "after.der", "-CAfile", "ca.pem", "-resp_text"))
                .contains("Response verify OK").contains("Cert Status: revoked").contains("keyCompromise");
    }

    private static String nonce(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("OCSP Nonce:\\s*\\n\\s*([0-9A-F]+)").matcher(text);
        return m.find() ? m.group(1) : "";
    }
}
