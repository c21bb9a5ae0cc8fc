package io.portcullis.api;

import static io.portcullis.api.EnrollmentApi.ADMIN;
import static io.portcullis.api.EnrollmentApi.bearer;
import static io.portcullis.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lifetimes in hours and minutes ({@code "validity": "PT1H"}) next to {@code validityDays} on every
 * request that takes one, read back from the certificate with the real {@code openssl x509}; caps
 * compare as durations, and too short or doubly given lifetimes are refused before anything is written.
 */
@QuarkusTest
class ShortLivedCertificatesTest {

    static final DateTimeFormatter OPENSSL_DATE = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** Every leaf starts a minute early for devices whose clocks lag. */
    static final Duration BACKDATE = Duration.ofMinutes(1);

    final Openssl openssl = Openssl.inTempDir();

    @BeforeEach
    void reset() {
        EnrollmentApi.reset();
    }

    @Test
    void anAdministratorGetsAOneHourCertificate() {
        Response issued = issue(ADMIN, Map.of("validity", "PT1H"));

        assertThat(issued.statusCode()).as(issued.asString()).isEqualTo(201);
        assertThat(lifetime(issued)).isEqualTo(Duration.ofHours(1).plus(BACKDATE));
    }

    @Test
    void validityDaysKeepsWorking() {
        Response issued = issue(ADMIN, Map.of("validityDays", 2));

        assertThat(issued.statusCode()).as(issued.asString()).isEqualTo(201);
        assertThat(lifetime(issued)).isEqualTo(Duration.ofDays(2).plus(BACKDATE));
    }

    @Test
    void tooShortBothFieldsOrNoDurationAreMalformedAndWriteNothing() {
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("validity", "PT4M59S"),
                Map.of("validity", "PT0S"), Map.of("validity", "-PT1H"), Map.of("validity", "P1M"),
                Map.of("validity", "eight hours"), Map.of("validity", "PT1H", "validityDays", 1),
                Map.of("validityDays", 0))) {
            assertProblem(issue(ADMIN, bad), 400, "malformed");
        }
        assertThat(EnrollmentApi.count("SELECT count(*) FROM certificates")).isZero();
    }

    @Test
    void theRawCsrEndpointTakesTheDurationAsAQueryParameter() {
        Response issued = given().header("Authorization", ADMIN).contentType("application/pkcs10")
                .queryParam("validity", "PT30M").body(openssl.readBytes(csr("raw", "door.example")))
                .post("/api/v1/certificates");

        assertThat(issued.statusCode()).as(issued.asString()).isEqualTo(201);
        assertThat(lifetime(issued)).isEqualTo(Duration.ofMinutes(30).plus(BACKDATE));
    }

    @Test
    void aTokensLifetimeMayBeHoursAndATooShortOneMakesNoToken() {
        assertProblem(EnrollmentApi.createToken(ADMIN, Map.of("commonName", "ci.example", "validity", "PT1M")),
                400, "malformed");
        assertThat(EnrollmentApi.count("SELECT count(*) FROM enrollment_tokens")).isZero();

        Response token = EnrollmentApi.token("job.ci.example", "validity", "PT2H");
        assertThat(token.<String>path("validity")).isEqualTo("PT2H");
        assertThat(token.<Integer>path("validityDays")).isNull();
        Response issued = EnrollmentApi.order(token.path("token"), openssl.read(csr("job", "job.ci.example")));

        assertThat(issued.statusCode()).as(issued.asString()).isEqualTo(201);
        assertThat(lifetime(issued)).isEqualTo(Duration.ofHours(2).plus(BACKDATE));
    }

    @Test
    void anIssuersCapComparesAsADuration() {
        Response credential = given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("name", "ci", "role", "issuer", "allowedNames", List.of("*.ci.example"),
                        "maxValidity", "PT8H"))
                .post("/api/v1/credentials").then().statusCode(201).extract().response();
        assertThat(credential.<String>path("maxValidity")).isEqualTo("PT8H");
        String issuer = bearer(credential.path("token"));

        assertProblem(issue(issuer, Map.of("validity", "PT8H1M")), 403, "unauthorized");
        assertProblem(issue(issuer, Map.of("validityDays", 1)), 403, "unauthorized");
        assertThat(EnrollmentApi.count("SELECT count(*) FROM certificates")).isZero();

        Response capped = issue(issuer, Map.of());
        assertThat(capped.statusCode()).as(capped.asString()).isEqualTo(201);
        assertThat(lifetime(capped)).isEqualTo(Duration.ofHours(8).plus(BACKDATE));
        Response shorter = issue(issuer, Map.of("validity", "PT15M"));
        assertThat(lifetime(shorter)).isEqualTo(Duration.ofMinutes(15).plus(BACKDATE));
    }

    @Test
    void aBundleAndARenewalTakeADurationToo() {
        Response bundle = Pkcs12ResourceTest.bundle(ADMIN, Map.of("password", Pkcs12ResourceTest.PASSWORD,
                "commonName", "laptop.example", "validity", "PT6H"));
        assertThat(bundle.statusCode()).as(bundle.asString()).isEqualTo(201);
        String serial = bundle.header("Location").substring("/api/v1/certificates/".length());
        Response record = given().header("Authorization", ADMIN).get("/api/v1/certificates/" + serial);
        assertThat(lifetime(record)).isEqualTo(Duration.ofHours(6).plus(BACKDATE));

        Response renewal = given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("validity", "PT1H")).post("/api/v1/certificates/" + serial + "/renew");
        assertThat(renewal.statusCode()).as(renewal.asString()).isEqualTo(201);
        assertThat(lifetime(renewal)).isEqualTo(Duration.ofHours(1).plus(BACKDATE));

        Response again = given().header("Authorization", ADMIN).contentType("application/json").body(Map.of())
                .post("/api/v1/certificates/" + renewal.path("serialNumber") + "/renew");
        assertThat(again.statusCode()).as(again.asString()).isEqualTo(201);
        assertThat(lifetime(again)).as("a renewal keeps the lifetime it renews").isEqualTo(Duration.ofHours(1).plus(BACKDATE));

        long before = EnrollmentApi.count("SELECT count(*) FROM certificates");
        assertProblem(given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("validity", "PT1M")).post("/api/v1/certificates/" + serial + "/renew"), 400, "malformed");
        assertThat(EnrollmentApi.count("SELECT count(*) FROM certificates")).isEqualTo(before);
    }

    private Response issue(String authorization, Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("csr", openssl.read(csr("device", "door.ci.example")));
        return given().header("Authorization", authorization).contentType("application/json").body(body)
                .post("/api/v1/certificates");
    }

    private Path csr(String name, String commonName) {
        return openssl.newCsr(name, "ec:P-256", "/CN=" + commonName);
    }

    /** notAfter − notBefore as {@code openssl x509} reads them from the certificate. */
    private Duration lifetime(Response issued) {
        Path crt = openssl.write("lifetime.crt", issued.path("certificate"));
        String start = openssl.ok("x509", "-in", crt.toString(), "-noout", "-startdate").strip();
        String end = openssl.ok("x509", "-in", crt.toString(), "-noout", "-enddate").strip();
        Instant notBefore = Instant.from(OPENSSL_DATE.parse(start.substring("notBefore=".length())));
        Instant notAfter = Instant.from(OPENSSL_DATE.parse(end.substring("notAfter=".length())));
        return Duration.between(notBefore, notAfter);
    }
}
