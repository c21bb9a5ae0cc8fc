package io.portcullis.api;

import static io.portcullis.api.Lifecycle.ADMIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.portcullis.support.TrustMaterialRecorder;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the nginx sidecar relies on: after commit, TrustMaterial already shows what the event announces. */
@QuarkusTest
class TrustMaterialEventsTest {

    final Openssl openssl = Openssl.inTempDir();

    @Inject
    TrustMaterialRecorder recorder;

    @BeforeEach
    void clean() {
        Database.execute(Database.TEST_DB, "TRUNCATE certificates");
        recorder.clear();
    }

    @Test
    void observersAfterCommitSeeTheNewCrlAndTheRenewedCa() {
        Lifecycle.Issued issued = Lifecycle.issue(openssl, "observed", 30);
        String crlNumber = given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("reason", "privilegeWithdrawn"))
                .post("/api/v1/certificates/" + issued.serial() + "/revoke").then().statusCode(200).extract().path("crlNumber");
        assertThat(recorder.seen()).anySatisfy(seen -> {
            assertThat(seen.reason()).isEqualTo("revocation");
            assertThat(seen.crlNumber()).isEqualTo(new BigInteger(crlNumber));
        });

        recorder.clear();
        String renewed = given().header("Authorization", ADMIN).post("/api/v1/ca/renew").then().statusCode(201)
                .extract().path("certificate");
        assertThat(recorder.seen()).anySatisfy(seen -> {
            assertThat(seen.reason()).isEqualTo("ca-renewal");
            assertThat(seen.caBundle()).contains(renewed);
            assertThat(seen.crlNumber()).isGreaterThan(new BigInteger(crlNumber));
        });
    }

    @Test
    void aRejectedRevocationAnnouncesNothing() {
        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", "certificateHold"))
                .post("/api/v1/certificates/abcdef0123456789/revoke").then().statusCode(400);
        assertThat(recorder.seen()).noneMatch(seen -> seen.reason().equals("revocation"));
    }
}
