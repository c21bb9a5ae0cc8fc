package io.portcullis.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.BouncyCastleProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** {@link IssuanceWithOpensslTest} with BouncyCastle doing the public-key math, which the service reports. */
@QuarkusTest
@TestProfile(BouncyCastleProfile.class)
class IssuanceWithOpensslBouncyCastleTest extends IssuanceWithOpensslTest {

    @Test
    void theServiceReportsBouncyCastle() {
        assertThat(given().get("/api/v1/ca").then().statusCode(200).extract().<String>path("cryptoProvider"))
                .isEqualTo("bouncycastle");
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                .contains("portcullis_crypto_provider{provider=\"bouncycastle\"} 1.0");
    }
}
