package io.portcullis.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Database;
import io.portcullis.support.SubjectKeyIdentifiers;
import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One CSR issued 1,000 times through the API, a few requests at a time: every serial is new and big,
 * and every certificate names the CSR's key in its subject key identifier (requests sign at the same
 * time, and a key identifier computed with shared state once mixed their keys).
 */
@QuarkusTest
class SerialUniquenessTest {

    static final int CERTIFICATES = 1_000;

    @BeforeEach
    void clean() {
        Database.execute(Database.TEST_DB, "TRUNCATE certificates");
    }

    @Test
    void aThousandConcurrentCertificatesHaveDistinctBigSerialsAndTheirKeysIdentifier() throws Exception {
        Openssl openssl = Openssl.inTempDir();
        byte[] csr = openssl.readBytes(openssl.newCsr("device", "ec:P-256", "/CN=serials.uniqueness.example", "-outform", "DER"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> serials = new ArrayList<>();
        try {
            for (int i = 0; i < CERTIFICATES; i++) {
                serials.add(pool.submit(() -> given().header("Authorization", "Bearer test-admin-token")
                        .contentType("application/pkcs10").body(csr).post("/api/v1/certificates")
                        .then().statusCode(201).extract().<String>path("serialNumber")));
            }
            Set<String> returned = new HashSet<>();
            for (Future<String> serial : serials) {
                returned.add(serial.get());
            }
            assertThat(returned).hasSize(CERTIFICATES);
        } finally {
            pool.shutdownNow();
        }
        // this test's rows only: an earlier test's abandoned request may still commit after the TRUNCATE
        List<String> stored = Database.strings(Database.TEST_DB,
                "SELECT serial_number FROM certificates WHERE status = 'valid' AND common_name = 'serials.uniqueness.example'");
        assertThat(stored).hasSize(CERTIFICATES).doesNotHaveDuplicates();
        for (String hex : stored) {
            BigInteger serial = new BigInteger(hex, 16);
            assertThat(serial.signum()).isPositive();
            assertThat(serial.bitLength()).as(hex).isBetween(64, 159);
            assertThat(serial.toByteArray().length).as("DER octets of %s", hex).isLessThanOrEqualTo(20);
        }
        byte[] keyIdentifier = SubjectKeyIdentifiers.method1(new PKCS10CertificationRequest(csr).getSubjectPublicKeyInfo().getEncoded());
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        List<String> certificates = Database.strings(Database.TEST_DB,
                "SELECT encode(certificate, 'hex') FROM certificates WHERE common_name = 'serials.uniqueness.example'");
        assertThat(certificates).hasSize(CERTIFICATES);
        for (String hex : certificates) {
            X509Certificate certificate = (X509Certificate) x509.generateCertificate(
                    new ByteArrayInputStream(HexFormat.of().parseHex(hex)));
            assertThat(SubjectKeyIdentifiers.of(certificate)).as("SKI of %s", certificate.getSerialNumber().toString(16))
                    .isEqualTo(keyIdentifier);
        }
    }
}
