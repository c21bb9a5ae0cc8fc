package io.portcullis.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.ca.Actor;
import io.portcullis.ca.CertificateRequest;
import io.portcullis.ca.Enrolment;
import io.portcullis.ca.issuance.Authority;
import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A listing page of {@code size=500} stays under {@value #MAX_PAGE_BYTES} bytes however large its items'
 * CSRs and certificates: items carry no PEM and only their first names; the single-item GET has the rest.
 */
@QuarkusTest
class ListingSizeTest {

    static final int PAGE = 500;
    static final int MAX_PAGE_BYTES = 1_000_000;
    static final int NAMES = 100;

    @Inject
    Authority authority;

    final Openssl openssl = Openssl.inTempDir();

    @BeforeEach
    void reset() {
        EnrollmentApi.reset();
    }

    @Test
    void aPageOf500OrdersWithLargeCsrsIsSmall() {
        // what an order within the CSR body limit can hold: a 12 KiB CSR asking for 100 names of 60 characters
        String names = IntStream.range(0, NAMES).mapToObj(i -> "'DNS:" + "n".repeat(40) + i + ".orders.list.example'")
                .reduce((a, b) -> a + "," + b).orElseThrow();
        Database.execute(Database.TEST_DB, "INSERT INTO orders (id, status, common_name, subject_alt_names, csr, created_by,"
                + " created_at, expires_at) SELECT gen_random_uuid()::text, 'pending', 'kiosk-' || g, ARRAY[" + names + "],"
                + " convert_to(repeat('x', 12288), 'UTF8'), 'anonymous', now(), now() + interval '7 days'"
                + " FROM generate_series(1, " + PAGE + ") g");

        String page = list("/api/v1/orders");
        assertThat(page.length()).as("bytes of a page of %d orders", PAGE).isLessThan(MAX_PAGE_BYTES);
        JsonPath json = JsonPath.from(page);
        assertThat(json.getList("items")).hasSize(PAGE);
        assertThat(json.getInt("items[0].subjectAltNameCount")).isEqualTo(NAMES);
        assertThat(json.getList("items[0].subjectAltNames")).hasSizeLessThan(NAMES);
        String url = json.getString("items[0].url");
        assertThat(given().header("Authorization", EnrollmentApi.ADMIN).get(url).then().statusCode(200)
                .extract().<List<String>>path("subjectAltNames")).as("the single order has every name").hasSize(NAMES);
    }

    @Test
    void aPageOf500CertificatesWithManyNamesHasNoPemAndIsSmall() {
        String names = "subjectAltName=" + String.join(",", IntStream.range(0, NAMES)
                .mapToObj(i -> "DNS:" + "c".repeat(40) + i + ".certificates.list.example").toList());
        CertificateRequest csr = authority.parse(openssl.readBytes(
                openssl.newCsr("listed", "ec:P-256", "/CN=listed.list.example", "-addext", names)));
        for (int i = 0; i < PAGE; i++) {
            authority.issue(csr, Duration.ofDays(1), Actor.BOOTSTRAP_ADMIN, Enrolment.byCredential(Actor.BOOTSTRAP_ADMIN, null));
        }

        String page = list("/api/v1/certificates");
        assertThat(page.length()).as("bytes of a page of %d certificates", PAGE).isLessThan(MAX_PAGE_BYTES);
        assertThat(page).doesNotContain("BEGIN CERTIFICATE");
        JsonPath json = JsonPath.from(page);
        assertThat(json.getList("items")).hasSize(PAGE);
        assertThat(json.getInt("items[0].subjectAltNameCount")).isEqualTo(NAMES);
        String single = given().header("Authorization", EnrollmentApi.ADMIN).get(json.getString("items[0].url"))
                .then().statusCode(200).extract().asString();
        assertThat(JsonPath.from(single).getList("subjectAltNames")).hasSize(NAMES);
        assertThat(JsonPath.from(single).getString("chain")).contains("BEGIN CERTIFICATE");

        String devices = list("/api/v1/devices");
        assertThat(devices.length()).as("bytes of a page of devices").isLessThan(MAX_PAGE_BYTES);
    }

    private static String list(String path) {
        return given().header("Authorization", EnrollmentApi.ADMIN).queryParam("size", PAGE).get(path)
                .then().statusCode(200).extract().asString();
    }
}
