package io.portcullis.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Health, readiness and the issuance counter. */
@QuarkusTest
class ObservabilityTest {

    private static final Pattern ISSUED = Pattern.compile("(?m)^portcullis_certificates_issued_total(?:\\{[^}]*})? ([0-9.E+-]+)$");

    @Test
    void liveAndReadyWithTheCaLoadedAndTheDatabaseReachable() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("ca"))
                .body("checks.find { it.name == 'ca' }.data.subject", equalTo("CN=Portcullis Root CA,O=Portcullis"));
        String ready = given().get("/q/health/ready").asString();
        assertThat(ready).containsIgnoringCase("database");
    }

    @Test
    void theIssuedCounterCountsCommittedCertificatesOnly() {
        double before = issuedTotal();
        Openssl openssl = Openssl.inTempDir();
        String csr = openssl.read(openssl.newCsr("device", "ec:P-256", "/CN=counted.example"));
        given().header("Authorization", "Bearer test-admin-token").contentType("application/json")
                .body(Map.of("csr", csr)).post("/api/v1/certificates").then().statusCode(201);
        assertThat(issuedTotal()).isEqualTo(before + 1);
        // a refused request does not count
        given().header("Authorization", "Bearer test-admin-token").contentType("application/json")
                .body(Map.of("csr", csr, "validityDays", 0)).post("/api/v1/certificates").then().statusCode(400);
        assertThat(issuedTotal()).isEqualTo(before + 1);
    }

    @Test
    void theCryptoProviderInUseIsAGauge() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("(?m)^portcullis_crypto_provider\\{provider=\"aws-lc\"} 1\\.0$")
                .doesNotContain("provider=\"bouncycastle\"");
    }

    private static double issuedTotal() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = ISSUED.matcher(metrics);
        assertThat(m.find()).as("portcullis_certificates_issued_total in /q/metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
