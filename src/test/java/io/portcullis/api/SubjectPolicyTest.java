package io.portcullis.api;

import static io.portcullis.api.EnrollmentApi.ADMIN;
import static io.portcullis.api.EnrollmentApi.bearer;
import static io.portcullis.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Subjects and names come from policy, not from the CSR: an issuer or token holder gets
 * {@code CN=<authorised name>} and nothing else, IP, URI and e-mail names need permissions of their
 * own kind, and a common name is text, never a distinguished name to parse. Every certificate is
 * read back with the real {@code openssl x509}; every refusal leaves no row and spends no token use.
 */
@QuarkusTest
class SubjectPolicyTest {

    /** Reproduction: what an issuer limited to {@code *.ci.example} used to get into its certificate. */
    static final String FORGED_SUBJECT =
            "/CN=runner1.ci.example/O=Portcullis Admins/OU=root/emailAddress=ceo@corp.example/UID=admin";
    /** Reproduction: BouncyCastle's string parser read this as hex DER, a UTF8String "admin.corp". */
    static final String HEX_COMMON_NAME = "#0c0a61646d696e2e636f7270";

    final Openssl openssl = Openssl.inTempDir();

    @BeforeEach
    void reset() {
        EnrollmentApi.reset();
    }

    @Test
    void anIssuerCannotWriteItsOwnSubjectAttributes() {
        String issuer = issuer(Map.of("allowedNames", List.of("*.ci.example")));
        Path forged = openssl.newCsr("forged", "ec:P-256", FORGED_SUBJECT);

        Response refused = issue(issuer, forged);

        assertProblem(refused, 400, "badCSR");
        assertThat(refused.<String>path("detail")).contains("O (2.5.4.10)");
        assertThat(EnrollmentApi.count("SELECT count(*) FROM certificates")).isZero();

        Response issued = issue(issuer, openssl.newCsr("plain", "ec:P-256", "/CN=runner1.ci.example"));
        assertThat(issued.statusCode()).as(issued.asString()).isEqualTo(201);
        assertThat(x509(issued, "-subject")).isEqualTo("subject=CN = runner1.ci.example");
    }

    @Test
    void eachForeignAttributeIsNamedInTheRefusal() {
        String issuer = issuer(Map.of("allowedNames", List.of("*.ci.example")));
        Map<String, String> attributes = Map.of(
                "/CN=r.ci.example/OU=root", "OU (2.5.4.11)",
                "/CN=r.ci.example/emailAddress=ceo@corp.example", "EMAILADDRESS (1.2.840.113549.1.9.1)",
                "/CN=r.ci.example/UID=admin", "UID (0.9.2342.19200300.100.1.1)",
                "/CN=r.ci.example/CN=second.ci.example", "at most one common name");
        int i = 0;
        for (var entry : attributes.entrySet()) {
            Response refused = issue(issuer, openssl.newCsr("attr" + i++, "ec:P-256", entry.getKey()));
            assertProblem(refused, 400, "badCSR");
            assertThat(refused.<String>path("detail")).as(entry.getKey()).contains(entry.getValue());
        }
        assertThat(EnrollmentApi.count("SELECT count(*) FROM certificates")).isZero();
    }

    @Test
    void aTokenHolderGetsTheTokensSubjectAndARefusedCsrSpendsNoUse() {
        Response token = EnrollmentApi.token("door.home.example", "uses", 2);
        String secret = token.path("token");
        String id = token.path("id");

        Response refused = EnrollmentApi.order(secret, openssl.read(
                openssl.newCsr("extra", "ec:P-256", "/CN=door.home.example/O=Portcullis Admins/OU=root")));

        assertProblem(refused, 400, "badCSR");
        assertThat(refused.<String>path("detail")).contains("O (2.5.4.10)");
        assertThat(usesLeft(id)).isEqualTo(2);
        assertThat(EnrollmentApi.count("SELECT count(*) FROM orders")).isZero();
        assertThat(EnrollmentApi.count("SELECT count(*) FROM certificates")).isZero();

        Response issued = EnrollmentApi.order(secret, openssl.read(
                openssl.newCsr("plain", "ec:P-256", "/CN=door.home.example")));
        assertThat(issued.statusCode()).as(issued.asString()).isEqualTo(201);
        openssl.write("door.crt", issued.path("certificate"));
        assertThat(openssl.ok("x509", "-in", "door.crt", "-noout", "-subject").strip())
                .isEqualTo("subject=CN = door.home.example");
        assertThat(usesLeft(id)).isEqualTo(1);
    }

    @Test
    void anAdministratorKeepsARequestedSubjectOfKnownAttributes() {
        Response issued = issue(ADMIN, openssl.newCsr("ops", "ec:P-256", "/C=DE/O=Example Ops/OU=Doors/CN=door.example"));

        assertThat(issued.statusCode()).as(issued.asString()).isEqualTo(201);
        assertThat(x509(issued, "-subject")).isEqualTo("subject=C = DE, O = Example Ops, OU = Doors, CN = door.example");

        Response unknown = issue(ADMIN, openssl.newCsr("postal", "ec:P-256", "/CN=door.example/postalCode=12345"));
        assertProblem(unknown, 400, "badCSR");
        assertThat(unknown.<String>path("detail")).contains("2.5.4.17").contains("not supported");
        Response badCountry = issue(ADMIN, openssl.newCsr("country", "ec:P-256", "/C=de/CN=door.example"));
        assertProblem(badCountry, 400, "badCSR");
        assertThat(badCountry.<String>path("detail")).contains("two-letter country code");
        assertThat(EnrollmentApi.count("SELECT count(*) FROM certificates")).isEqualTo(1);
    }

    @Test
    void aRenewalKeepsTheSubjectDecidedAtIssuanceNeverTheCsrsExtras() {
        Response issued = issue(ADMIN, openssl.newCsr("ops", "ec:P-256", "/O=Example Ops/CN=door.example"));
        String serial = issued.path("serialNumber");

        Response renewal = renew(serial);
        assertThat(renewal.statusCode()).as(renewal.asString()).isEqualTo(201);
        assertThat(x509(renewal, "-subject")).isEqualTo("subject=O = Example Ops, CN = door.example");

        // a certificate an issuer got before subjects came from policy, with the attributes its CSR chose
        Database.execute(Database.TEST_DB, "UPDATE certificates SET issued_by = 'issuer:legacy' WHERE serial_number = '"
                + renewal.<String>path("serialNumber") + "'");
        Response cleaned = renew(renewal.path("serialNumber"));
        assertThat(cleaned.statusCode()).as(cleaned.asString()).isEqualTo(201);
        assertThat(x509(cleaned, "-subject")).isEqualTo("subject=CN = door.example");
    }

    @Test
    void aUriEndingInAnAllowedDnsNameIsNotADnsName() {
        String issuer = issuer(Map.of("allowedNames", List.of("*.ci.example")));

        Response refused = issue(issuer, openssl.newCsr("spiffe", "ec:P-256", "/CN=runner1.ci.example",
                "-addext", "subjectAltName=URI:spiffe://prod/ns/default/sa/admin.ci.example"));

        assertProblem(refused, 403, "rejectedIdentifier");
        assertThat(refused.<String>path("detail")).contains("spiffe://prod/ns/default/sa/admin.ci.example", "allowedUris");
        assertThat(EnrollmentApi.count("SELECT count(*) FROM certificates")).isZero();
    }

    @Test
    void dnsGlobsNeverAdmitUriIpOrEmailNames() {
        String issuer = issuer(Map.of("allowedNames", List.of("*.ci.example")));
        Map<String, String> names = Map.of(
                "URI:spiffe://prod/ns/default/sa/admin.ci.example", "allowedUris",
                "IP:192.0.2.7", "allowedIps",
                "email:runner@x.ci.example", "allowedEmails");
        int i = 0;
        for (var entry : names.entrySet()) {
            Response refused = issue(issuer, openssl.newCsr("san" + i++, "ec:P-256", "/CN=runner1.ci.example",
                    "-addext", "subjectAltName=DNS:runner1.ci.example," + entry.getKey()));
            assertProblem(refused, 403, "rejectedIdentifier");
            assertThat(refused.<String>path("detail")).as(entry.getKey()).contains(entry.getValue());
        }
        assertThat(EnrollmentApi.count("SELECT count(*) FROM certificates")).isZero();
    }

    @Test
    void uriIpAndEmailNamesNeedAPatternOfTheirOwnKind() {
        String issuer = issuer(Map.of("allowedNames", List.of("*.ci.example"),
                "allowedUris", List.of("spiffe://prod/ns/ci/sa/*"),
                "allowedIps", List.of("192.0.2.0/24", "2001:db8::/32"),
                "allowedEmails", List.of("*@ci.example")));

        Response issued = issue(issuer, openssl.newCsr("ok", "ec:P-256", "/CN=runner1.ci.example", "-addext",
                "subjectAltName=DNS:runner1.ci.example,URI:spiffe://prod/ns/ci/sa/runner1,IP:192.0.2.7,"
                        + "IP:2001:db8::7,email:build.bot@ci.example"));

        assertThat(issued.statusCode()).as(issued.asString()).isEqualTo(201);
        assertThat(x509(issued, "-ext", "subjectAltName")).contains("DNS:runner1.ci.example",
                "URI:spiffe://prod/ns/ci/sa/runner1", "IP Address:192.0.2.7", "IP Address:2001:DB8:0:0:0:0:0:7",
                "email:build.bot@ci.example");
        for (String outside : List.of("URI:spiffe://prod/ns/ci/sa/a/b", "URI:spiffe://prod/ns/default/sa/runner1",
                "IP:198.51.100.7", "IP:2001:db9::1", "email:ceo@corp.example", "email:bot@evil.ci.example")) {
            Response refused = issue(issuer, openssl.newCsr("out", "ec:P-256", "/CN=runner1.ci.example",
                    "-addext", "subjectAltName=" + outside));
            assertProblem(refused, 403, "rejectedIdentifier");
        }
        assertThat(EnrollmentApi.count("SELECT count(*) FROM certificates")).isEqualTo(1);
    }

    @Test
    void anIssuerMayHandAUriNameOnlyWithinItsPatternsToAToken() {
        String issuer = issuer(Map.of("allowedNames", List.of("*.ci.example"),
                "allowedUris", List.of("spiffe://prod/ns/ci/sa/*")));

        Response refused = EnrollmentApi.createToken(bearer(issuer), Map.of("commonName", "runner1.ci.example",
                "subjectAltNames", List.of("URI:spiffe://prod/ns/default/sa/admin.ci.example")));
        assertProblem(refused, 403, "rejectedIdentifier");
        assertThat(EnrollmentApi.count("SELECT count(*) FROM enrollment_tokens")).isZero();

        Response token = EnrollmentApi.createToken(bearer(issuer), Map.of("commonName", "runner1.ci.example",
                "subjectAltNames", List.of("URI:spiffe://prod/ns/ci/sa/runner1")));
        assertThat(token.statusCode()).as(token.asString()).isEqualTo(201);
        Response issued = EnrollmentApi.order(token.path("token"), openssl.read(openssl.newCsr("t", "ec:P-256",
                "/CN=runner1.ci.example", "-addext", "subjectAltName=URI:spiffe://prod/ns/ci/sa/runner1")));
        assertThat(issued.statusCode()).as(issued.asString()).isEqualTo(201);
    }

    @Test
    void patternsAreCheckedWhenTheCredentialIsMade() {
        for (var bad : List.<Map<String, Object>>of(Map.of("allowedIps", List.of("192.0.2.1/24")),
                Map.of("allowedIps", List.of("door.example")), Map.of("allowedUris", List.of("no-scheme")),
                Map.of("allowedEmails", List.of("no-at-sign")))) {
            Map<String, Object> body = new HashMap<>(bad);
            body.putAll(Map.of("name", "bad", "role", "issuer", "allowedNames", List.of("*.ci.example")));
            assertProblem(given().header("Authorization", ADMIN).contentType("application/json").body(body)
                    .post("/api/v1/credentials"), 400, "malformed");
        }
        assertThat(EnrollmentApi.count("SELECT count(*) FROM credentials")).isZero();
    }

    @Test
    void aHexLookingCommonNameIsTextForAnIssuerAllowedEverything() {
        String issuer = issuer(Map.of("allowedNames", List.of("*")));

        for (String commonName : List.of(HEX_COMMON_NAME, "#0c05ab", "#zz")) {
            Response bundle = Pkcs12ResourceTest.bundle(bearer(issuer),
                    Map.of("password", Pkcs12ResourceTest.PASSWORD, "commonName", commonName));

            assertThat(bundle.statusCode()).as(commonName + ": " + bundle.asString()).isEqualTo(201);
            String serial = bundle.header("Location").substring("/api/v1/certificates/".length());
            Response record = given().header("Authorization", ADMIN).get("/api/v1/certificates/" + serial);
            assertThat(record.<String>path("commonName")).isEqualTo(commonName);
            openssl.write("hex.crt", record.path("certificate"));
            String subject = openssl.ok("x509", "-in", "hex.crt", "-noout", "-subject", "-nameopt", "RFC2253").strip();
            assertThat(subject).isEqualTo("subject=CN=\\" + commonName).doesNotContain("admin.corp");
        }
    }

    @Test
    void aHexLookingCommonNameIsTextForAnAdministratorToo() {
        Response bundle = Pkcs12ResourceTest.bundle(ADMIN,
                Map.of("password", Pkcs12ResourceTest.PASSWORD, "commonName", HEX_COMMON_NAME));

        assertThat(bundle.statusCode()).as(bundle.asString()).isEqualTo(201);
        assertThat(EnrollmentApi.count("SELECT count(*) FROM certificates WHERE common_name = ?", HEX_COMMON_NAME))
                .isEqualTo(1);
        assertThat(EnrollmentApi.count("SELECT count(*) FROM certificates WHERE common_name = 'admin.corp'")).isZero();
    }

    private String issuer(Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.putAll(Map.of("name", "ci", "role", "issuer"));
        return given().header("Authorization", ADMIN).contentType("application/json").body(body)
                .post("/api/v1/credentials").then().statusCode(201).extract().path("token");
    }

    private Response issue(String authorization, Path csr) {
        String header = authorization.startsWith("Bearer ") ? authorization : bearer(authorization);
        return given().header("Authorization", header).contentType("application/json")
                .body(Map.of("csr", openssl.read(csr))).post("/api/v1/certificates");
    }

    /** {@code openssl x509 -noout <args>} on the certificate of an issuance response. */
    private String x509(Response issued, String... args) {
        Path crt = openssl.write("issued.crt", issued.path("certificate"));
        List<String> command = new java.util.ArrayList<>(List.of("x509", "-in", crt.toString(), "-noout"));
        command.addAll(List.of(args));
        return openssl.ok(command.toArray(String[]::new)).strip();
    }

    private static Response renew(String serial) {
        return given().header("Authorization", ADMIN).contentType("application/json").body(Map.of())
                .post("/api/v1/certificates/" + serial + "/renew");
    }

    private static int usesLeft(String tokenId) {
        return given().header("Authorization", ADMIN).get("/api/v1/enrollment-tokens").then().statusCode(200)
                .extract().jsonPath().getInt("items.find { it.id == '" + tokenId + "' }.usesLeft");
    }
}
