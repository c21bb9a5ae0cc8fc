package io.portcullis.api;

import static io.portcullis.api.EnrollmentApi.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.ca.trust.ActiveCa;
import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What an attacker with a copy of the database gets: {@code pg_dump} of the test database holds
 * neither the CA private key (as PKCS#8 DER, base64 or PEM, nor its private scalar or exponent)
 * nor any bearer token (only their SHA-256). The plaintext comes from the running service itself.
 */
@QuarkusTest
class DatabaseAtRestTest {

    @Inject
    ActiveCa activeCa;

    @Test
    void aDumpHoldsNeitherTheCaKeyNorAnyTokenInClear() throws Exception {
        List<String> tokens = new ArrayList<>();
        tokens.add(EnrollmentApi.createCredential("at-rest-admin", "admin", null, null).path("token"));
        String issuer = EnrollmentApi.createCredential("at-rest-issuer", "issuer", List.of("*.rest.example"), null).path("token");
        tokens.add(issuer);
        tokens.add(EnrollmentApi.createCredential("at-rest-auditor", "auditor", null, null).path("token"));
        String enrollment = EnrollmentApi.createToken(bearer(issuer), Map.of("commonName", "box.rest.example", "uses", 2))
                .then().statusCode(201).extract().path("token");
        tokens.add(enrollment);
        Openssl openssl = Openssl.inTempDir();
        EnrollmentApi.order(enrollment, openssl.read(openssl.newCsr("box", "ec:P-256", "/CN=box.rest.example")))
                .then().statusCode(201);
        given().header("Authorization", bearer(tokens.get(0))).get("/api/v1/audit").then().statusCode(200);

        String dump = pgDump();
        ActiveCa.Material ca = activeCa.current().orElseThrow();
        // controls: the dump has the tables, with bytea as lower-case hex, which the searches below rely on
        assertThat(dump).contains(hex(ca.certificate().der()));
        for (String token : tokens) {
            assertThat(dump).as("the token's hash is stored").contains(hex(EnrollmentApi.sha256(token)));
        }

        PrivateKey key = ca.privateKey();
        byte[] pkcs8 = key.getEncoded();
        String base64 = Base64.getEncoder().encodeToString(pkcs8);
        assertThat(dump).doesNotContain(hex(pkcs8)).doesNotContain(base64.substring(0, 64))
                .doesNotContain(base64.substring(base64.length() - 40));
        assertThat(dump.toLowerCase()).doesNotContain(hex(secretPart(key)));
        for (String token : tokens) {
            String body = token.substring(4);
            assertThat(dump).as("a token in clear").doesNotContain(body)
                    .doesNotContain(hex(Base64.getUrlDecoder().decode(body)))
                    .doesNotContain(hex(body.getBytes(StandardCharsets.US_ASCII)));
        }
    }

    /** The private scalar of an EC key or the private exponent of an RSA key, unsigned big-endian. */
    private static byte[] secretPart(PrivateKey key) {
        BigInteger secret;
        if (key instanceof ECPrivateKey ec) {
            secret = ec.getS();
        } else if (key instanceof RSAPrivateCrtKey rsa) {
            secret = rsa.getPrivateExponent();
        } else {
            throw new AssertionError("unexpected CA key " + key.getAlgorithm());
        }
        byte[] bytes = secret.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String pgDump() throws IOException, InterruptedException {
        String[] host = Database.HOST.split(":");
        Process process = new ProcessBuilder("pg_dump", "-h", host[0], "-p", host.length > 1 ? host[1] : "5432",
                "-U", "postgres", "--no-password", Database.TEST_DB)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        process.getOutputStream().close();
        String dump = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("pg_dump").isZero();
        return dump;
    }
}
