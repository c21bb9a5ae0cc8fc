package io.portcullis.api;

import static io.portcullis.api.EnrollmentApi.ADMIN;
import static io.portcullis.api.EnrollmentApi.bearer;
import static io.portcullis.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Nss;
import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Server-generated PKCS#12 bundles: read back by the three consumers that matter (OpenSSL 3, Java's
 * KeyStore, NSS's pk12util), the key matching the certificate and the CA in the chain; and every
 * refusal a problem document that leaves no row and spends no token use.
 */
@QuarkusTest
class Pkcs12ResourceTest {

    static final String PASSWORD = "correct horse battery";

    Openssl openssl = Openssl.inTempDir();

    @BeforeEach
    void reset() {
        EnrollmentApi.reset();
    }

    @Test
    void enrollmentTokenGetsAModernEcBundleForTheTokensSubject() throws Exception {
        String token = EnrollmentApi.token("phone.home.example", "subjectAltNames", List.of("DNS:phone.home.example"))
                .path("token");

        Response response = bundle(bearer(token), Map.of("password", PASSWORD));

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
        assertThat(response.contentType()).isEqualTo("application/x-pkcs12");
        assertThat(response.header("Content-Disposition")).isEqualTo("attachment; filename=\"phone.home.example.p12\"");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        String serial = response.header("Location").substring("/api/v1/certificates/".length());
        assertThat(response.header("Location")).endsWith(serial);
        Path p12 = openssl.writeBytes("phone.p12", response.asByteArray());

        String info = info(p12, false);
        assertThat(info).contains("MAC: sha256, Iteration 2048")
                .contains("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256")
                .contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256")
                .contains("friendlyName: phone.home.example").contains("localKeyID:");
        X509Certificate leaf = assertKeyMatchesAndChainHoldsTheCa(p12, "phone.home.example");
        assertThat(leaf.getSerialNumber()).isEqualTo(new BigInteger(serial, 16));
        assertThat(leaf.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()))
                .containsExactly("phone.home.example");
        assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertImportsIntoNss(p12, "phone.home.example");

        given().header("Authorization", ADMIN).get("/api/v1/certificates/" + serial).then().statusCode(200);
        assertThat(EnrollmentApi.count("SELECT count(*) FROM certificates")).isEqualTo(1);
        assertThat(EnrollmentApi.count("SELECT count(*) FROM enrollment_tokens WHERE uses_left = 0")).isEqualTo(1);
        // the token is spent like an order's: a second bundle is refused and writes nothing
        assertProblem(bundle(bearer(token), Map.of("password", PASSWORD)), 401, "unauthorized");
        assertThat(EnrollmentApi.count("SELECT count(*) FROM certificates")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"RSA-2048, legacy", "RSA-3072, modern", "EC-P256, legacy"})
    void administratorNamesTheSubjectAndChoosesKeyAndProfile(String algorithm, String profile) throws Exception {
        Response response = bundle(ADMIN, Map.of("password", PASSWORD, "keyAlgorithm", algorithm, "profile", profile,
                "commonName", "kiosk/../01", "subjectAltNames", List.of("kiosk.home.example", "IP:192.0.2.9"),
                "validityDays", 30, "friendlyName", "Kiosk"));

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
        assertThat(response.header("Content-Disposition")).isEqualTo("attachment; filename=\"kiosk_.._01.p12\"");
        Path p12 = openssl.writeBytes("kiosk.p12", response.asByteArray());
        String info = info(p12, profile.equals("legacy"));
        if (profile.equals("legacy")) {
            assertThat(info).contains("MAC: sha1, Iteration 2048")
                    .contains("PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048")
                    .contains("Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048")
                    .doesNotContain("AES", "PBES2", "sha256");
            // 3DES is in OpenSSL 3's default provider: -legacy is needed only for RC2-40, never written here
            assertThat(info(p12, false)).contains("Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC");
        } else {
            assertThat(info).contains("MAC: sha256").contains("AES-256-CBC");
        }
        X509Certificate leaf = assertKeyMatchesAndChainHoldsTheCa(p12, "Kiosk");
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=kiosk/../01");
        assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo(algorithm.startsWith("RSA") ? "RSA" : "EC");
        if (algorithm.startsWith("RSA")) {
            assertThat(((RSAPublicKey) leaf.getPublicKey()).getModulus().bitLength())
                    .isEqualTo(Integer.parseInt(algorithm.substring(4)));
        }
        assertThat(leaf.getNotAfter().getTime() - leaf.getNotBefore().getTime()).isLessThanOrEqualTo(31L * 86_400_000);
        assertImportsIntoNss(p12, "Kiosk");
    }

    @Test
    void issuerStaysWithinItsScope() {
        String issuer = EnrollmentApi.credential("issuer", List.of("*.ci.example"), 10);

        assertProblem(bundle(bearer(issuer), Map.of("password", PASSWORD, "commonName", "runner.other.example")),
                403, "rejectedIdentifier");
        assertProblem(bundle(bearer(issuer), Map.of("password", PASSWORD, "commonName", "runner.ci.example",
                "subjectAltNames", List.of("DNS:evil.example"))), 403, "rejectedIdentifier");
        assertProblem(bundle(bearer(issuer), Map.of("password", PASSWORD, "commonName", "runner.ci.example",
                "validityDays", 11)), 403, "unauthorized");
        assertThat(EnrollmentApi.count("SELECT count(*) FROM certificates")).isZero();

        Response ok = bundle(bearer(issuer), Map.of("password", PASSWORD, "commonName", "runner.ci.example"));
        assertThat(ok.statusCode()).as(ok.asString()).isEqualTo(201);
        assertThat(EnrollmentApi.count("SELECT count(*) FROM certificates WHERE common_name = 'runner.ci.example'"))
                .isEqualTo(1);
    }

    @Test
    void badRequestsAreProblemsThatLeaveNoRowAndSpendNoUse() {
        String token = EnrollmentApi.token("tv.home.example").path("token");
        String manual = EnrollmentApi.token("fridge.home.example", "approval", "manual").path("token");
        String auditor = EnrollmentApi.credential("auditor", null, null);

        assertThat(assertProblem(bundle(bearer(token), Map.of()), 400, "malformed").<String>path("detail"))
                .contains("password is required");
        assertThat(assertProblem(bundle(bearer(token), Map.of("password", "short12")), 400, "malformed")
                .<String>path("detail")).contains("at least 8 characters");
        assertThat(assertProblem(bundle(bearer(token), Map.of("password", PASSWORD, "keyAlgorithm", "DSA-1024")),
                400, "malformed").<String>path("detail")).contains("EC-P256, RSA-2048, RSA-3072");
        assertProblem(bundle(bearer(token), Map.of("password", PASSWORD, "profile", "rc2-40")), 400, "malformed");
        assertProblem(bundle(bearer(token), Map.of("password", PASSWORD, "commonName", "other.example")), 400, "malformed");
        assertProblem(bundle(bearer(token), Map.of("password", PASSWORD, "pin", "1234")), 400, "malformed");
        assertProblem(given().header("Authorization", bearer(token)).contentType("application/json").body("")
                .post("/api/v1/pkcs12"), 400, "malformed");
        assertProblem(bundle(bearer(token.substring(0, token.length() - 2) + "xx"), Map.of("password", PASSWORD)),
                401, "unauthorized");
        assertProblem(bundle(null, Map.of("password", PASSWORD)), 401, "unauthorized");
        assertThat(assertProblem(bundle(bearer(manual), Map.of("password", PASSWORD)), 403, "unauthorized")
                .<String>path("detail")).contains("administrator's approval");
        assertProblem(bundle(bearer(auditor), Map.of("password", PASSWORD, "commonName", "x.example")), 403, "unauthorized");
        assertProblem(bundle(ADMIN, Map.of("password", PASSWORD)), 400, "malformed");
        assertProblem(bundle(ADMIN, Map.of("password", PASSWORD, "commonName", "ok.example",
                "subjectAltNames", List.of("DNS:not a name"))), 400, "malformed");
        assertProblem(bundle(ADMIN, Map.of("password", PASSWORD, "commonName", "ok.example", "validityDays", 0)),
                400, "malformed");

        assertThat(EnrollmentApi.count("SELECT count(*) FROM certificates")).isZero();
        assertThat(EnrollmentApi.count("SELECT count(*) FROM orders")).isZero();
        assertThat(EnrollmentApi.count("SELECT count(*) FROM enrollment_tokens WHERE uses_left = uses")).isEqualTo(2);
        // the refused manual token leaves the audit trace a refused order leaves, and no success
        assertThat(EnrollmentApi.count("SELECT count(*) FROM audit_events WHERE action = 'order.created' "
                + "AND outcome = 'unauthorized'")).isEqualTo(1);
        assertThat(EnrollmentApi.count("SELECT count(*) FROM audit_events WHERE action = 'order.created' "
                + "AND outcome = 'success'")).isZero();
    }

    @Test
    void passwordAndPrivateKeyNeverReachTheLog() throws Exception {
        String password = "pw-" + Long.toHexString(Double.doubleToLongBits(Math.random())) + "-secret";
        String token = EnrollmentApi.token("watch.home.example").path("token");
        bundle(bearer(token), Map.of("password", "short")).then().statusCode(400);

        Response response = bundle(bearer(token), Map.of("password", password));

        assertThat(response.statusCode()).isEqualTo(201);
        Path p12 = openssl.writeBytes("watch.p12", response.asByteArray());
        openssl.write("pass", password);
        String key = openssl.ok("pkcs12", "-in", p12.toString(), "-passin", "file:pass", "-nocerts", "-nodes");
        String keyBase64 = key.substring(key.indexOf("-----BEGIN PRIVATE KEY-----") + 27, key.indexOf("-----END")).replace("\n", "");
        String log = Files.readString(SecretLoggingTest.LOG);
        assertThat(log).as("this run is in the log").contains(response.header("Location").substring("/api/v1/certificates/".length()));
        assertThat(log).doesNotContain(password).doesNotContain(keyBase64.substring(0, 40)).doesNotContain(token.substring(4));
    }

    // --- helpers ---

    static Response bundle(String authorization, Map<String, Object> body) {
        var request = given().contentType("application/json").body(new HashMap<>(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.post("/api/v1/pkcs12");
    }

    /** {@code openssl pkcs12 -info}: the algorithms OpenSSL 3 reads (with {@code -legacy} for 3DES, as its docs ask). */
    /**
     * openssl's description of the bundle (MAC, encryption, bag attributes, subjects) without its PEM blocks,
     * whose base64 would now and then spell "AES" or "sha256" by chance.
     */
    private String info(Path p12, boolean legacy) {
        openssl.write("pass", PASSWORD);
        List<String> args = new ArrayList<>(List.of("pkcs12", "-info", "-in", p12.toString(), "-passin",
                "file:pass", "-noenc"));
        if (legacy) {
            args.add("-legacy");
        }
        return openssl.ok(args.toArray(String[]::new)).replaceAll("(?s)-----BEGIN [A-Z ]+-----.*?-----END [A-Z ]+-----", "");
    }

    /** Java's KeyStore reads it; the key signs what the certificate verifies; the CA follows the leaf. */
    private X509Certificate assertKeyMatchesAndChainHoldsTheCa(Path p12, String alias) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(Files.readAllBytes(p12)), PASSWORD.toCharArray());
        assertThat(Collections.list(store.aliases())).containsExactly(alias.toLowerCase());
        PrivateKey key = (PrivateKey) store.getKey(alias, PASSWORD.toCharArray());
        Certificate[] chain = store.getCertificateChain(alias);
        assertThat(chain).hasSize(2);
        X509Certificate leaf = (X509Certificate) chain[0];
        X509Certificate ca = (X509Certificate) chain[1];
        String caPem = given().get("/api/v1/ca/certificate").asString();
        assertThat(ca.getEncoded()).isEqualTo(Base64.getMimeDecoder().decode(
                caPem.replaceAll("-----[A-Z ]+-----", "").trim()));
        leaf.verify(ca.getPublicKey());
        Signature signer = Signature.getInstance(key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA");
        signer.initSign(key);
        signer.update("proof".getBytes());
        byte[] signature = signer.sign();
        signer.initVerify(leaf.getPublicKey());
        signer.update("proof".getBytes());
        assertThat(signer.verify(signature)).as("the key matches the certificate").isTrue();
        // and OpenSSL agrees: the bundle's key has the certificate's public key
        openssl.write("pass", PASSWORD);
        openssl.ok("pkcs12", "-in", p12.toString(), "-passin", "file:pass", "-nocerts", "-noenc", "-out", "k.pem");
        openssl.ok("pkcs12", "-in", p12.toString(), "-passin", "file:pass", "-clcerts", "-nokeys", "-out", "c.pem");
        assertThat(openssl.ok("pkey", "-in", "k.pem", "-pubout")).isEqualTo(openssl.ok("x509", "-in", "c.pem", "-noout", "-pubkey"));
        return leaf;
    }

    private void assertImportsIntoNss(Path p12, String nickname) throws Exception {
        Nss nss = Nss.create(Files.createTempDirectory("portcullis-nssdb"));
        Path passwordFile = openssl.write("pk12pass", PASSWORD);
        assertThat(nss.importPkcs12(p12, passwordFile)).contains("PKCS12 IMPORT SUCCESSFUL");
        assertThat(nss.listCertificates()).contains(nickname).contains("Portcullis");
        assertThat(nss.listKeys()).contains(nickname);
    }
}
