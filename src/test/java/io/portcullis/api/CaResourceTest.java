package io.portcullis.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The CA as JSON, PEM and DER, matching the stored row and what openssl reads. */
@QuarkusTest
class CaResourceTest {

    @Test
    void theCaInJsonPemAndDerAgree() {
        Response ca = given().get("/api/v1/ca").then().statusCode(200).extract().response();
        String pem = given().get("/api/v1/ca/certificate").then().statusCode(200)
                .contentType("application/x-pem-file").extract().asString();
        byte[] der = given().accept("application/pkix-cert").get("/api/v1/ca/certificate").then().statusCode(200)
                .contentType("application/pkix-cert").extract().asByteArray();
        assertThat(ca.<String>path("certificate")).isEqualTo(pem);
        assertThat(ca.<String>path("subject")).isEqualTo("CN=Portcullis Root CA,O=Portcullis");
        assertThat(ca.<String>path("keyAlgorithm")).isEqualTo("EC-P256");
        assertThat(ca.<String>path("cryptoProvider")).as("auto on this machine").isEqualTo("aws-lc");
        // the newest row is the CA in use (a renewal test may have added one before this test)
        assertThat(Database.strings(Database.TEST_DB, "SELECT sha256_fingerprint FROM ca_certificates ORDER BY id DESC"))
                .first().isEqualTo(ca.<String>path("sha256Fingerprint"));

        Openssl openssl = Openssl.inTempDir();
        openssl.write("ca.pem", pem);
        openssl.writeBytes("ca.der", der);
        String text = openssl.ok("x509", "-in", "ca.der", "-inform", "DER", "-noout", "-text", "-fingerprint", "-sha256");
        assertThat(text)
                .contains("CA:TRUE, pathlen:0")
                .contains("Certificate Sign, CRL Sign")
                .contains("X509v3 Subject Key Identifier")
                .contains("ecdsa-with-SHA256");
        assertThat(text.replace(":", "").toLowerCase()).contains(ca.<String>path("sha256Fingerprint"));
        // openssl pads the hex to whole octets (a leading 0 when the top nibble is 0); compare the numbers
        String opensslSerial = openssl.ok("x509", "-in", "ca.pem", "-noout", "-serial").trim().substring("serial=".length());
        assertThat(new BigInteger(opensslSerial, 16)).isEqualTo(new BigInteger(ca.<String>path("serialNumber"), 16));
        assertThat(openssl.ok("verify", "-CAfile", "ca.pem", "ca.pem")).contains("ca.pem: OK");
    }
}
