package io.portcullis.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.CaKeyAlgorithm;
import io.portcullis.ca.CertificateTemplate;
import io.portcullis.ca.CrlTemplate;
import io.portcullis.ca.RevocationReason;
import io.portcullis.ca.RevokedEntry;
import io.portcullis.support.Openssl;
import io.portcullis.support.SubjectKeyIdentifiers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.asn1.x500.X500Name;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Certificates and CRLs signed by either provider under every CA key algorithm are what openssl verifies. The
 * signer is shared by every request thread: certificates signed at the same time each carry their own key's
 * identifier (RFC 5280 4.2.1.2 method 1) and a valid signature. BouncyCastle's {@code JcaX509ExtensionUtils}
 * keeps one digest buffer per instance, so a shared one mixed the keys of concurrent requests (about one
 * certificate in two hundred under load).
 */
class BouncyCastleSignerTest {

    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final int THREADS = 8;
    private static final int KEYS = 32;
    private static final int ROUNDS = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    static Stream<Arguments> caKeys() {
        return BothProviders.both().flatMap(crypto -> Stream.of(CaKeyAlgorithm.EC_P256, CaKeyAlgorithm.EC_P384,
                CaKeyAlgorithm.RSA_2048).map(algorithm -> Arguments.of(crypto, algorithm)));
    }

    @ParameterizedTest(name = "{0}: {1} CA")
    @MethodSource("caKeys")
    void opensslVerifiesTheCertificatesAndTheCrlsSigned(CryptoProvider crypto, CaKeyAlgorithm algorithm) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ActiveCa activeCa = InMemoryCa.active("CN=Conformance CA", now, crypto, algorithm);
        Openssl openssl = Openssl.inTempDir();
        openssl.write("ca.crt", activeCa.require().certificate().pem());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);

        byte[] leaf = new BouncyCastleSigner(activeCa, "https://ca.example/", crypto).signCertificate(new CertificateTemplate(
                BigInteger.valueOf(0x5eed), new X500Name("CN=device.example").getEncoded(), List.of(),
                generator.generateKeyPair().getPublic(), false, now.minusSeconds(60), now.plusSeconds(86_400)));
        openssl.writeBytes("device.der", leaf);
        openssl.ok("x509", "-inform", "DER", "-in", "device.der", "-out", "device.crt");
        assertThat(openssl.ok("verify", "-purpose", "sslclient", "-CAfile", "ca.crt", "device.crt")).contains("device.crt: OK");

        CrlTemplate template = new CrlTemplate(BigInteger.valueOf(7), now, now.plusSeconds(3600), consumer -> {
            consumer.accept(new RevokedEntry(BigInteger.valueOf(0x5eed), now.minusSeconds(5), RevocationReason.KEY_COMPROMISE));
            consumer.accept(new RevokedEntry(BigInteger.valueOf(0x77), now.minusSeconds(5), RevocationReason.UNSPECIFIED));
        });
        openssl.writeBytes("ca.crl", new BouncyCastleCrlSigner(activeCa, crypto).signCrl(template).der());
        assertThat(openssl.ok("crl", "-inform", "DER", "-in", "ca.crl", "-CAfile", "ca.crt", "-noout")).contains("verify OK");
        openssl.ok("crl", "-inform", "DER", "-in", "ca.crl", "-out", "ca.crl.pem");
        assertThat(openssl.run("verify", "-crl_check", "-CAfile", "ca.crt", "-CRLfile", "ca.crl.pem", "device.crt").output())
                .contains("certificate revoked");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.portcullis.crypto.BothProviders#both")
    void concurrentCertificatesEachCarryTheirOwnKeysIdentifier(CryptoProvider crypto) throws Exception {
        ActiveCa activeCa = InMemoryCa.active("CN=Signer Test CA", NOW, crypto, CaKeyAlgorithm.EC_P256);
        BouncyCastleSigner signer = new BouncyCastleSigner(activeCa, "https://ca.example/", crypto);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        List<PublicKey> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            keys.add(generator.generateKeyPair().getPublic());
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<List<byte[]>>> signed = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                signed.add(pool.submit(() -> {
                    List<byte[]> certificates = new ArrayList<>();
                    for (int round = 0; round < ROUNDS; round++) {
                        for (PublicKey key : keys) {
                            certificates.add(signer.signCertificate(template(key)));
                        }
                    }
                    return certificates;
                }));
            }
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            PublicKey caKey = activeCa.require().certificate().certificate().getPublicKey();
            int checked = 0;
            for (Future<List<byte[]>> thread : signed) {
                for (byte[] der : thread.get()) {
                    X509Certificate certificate = (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(der));
                    certificate.verify(caKey);
                    assertThat(SubjectKeyIdentifiers.of(certificate)).as("SKI of certificate %d", checked)
                            .isEqualTo(SubjectKeyIdentifiers.method1(certificate.getPublicKey().getEncoded()));
                    checked++;
                }
            }
            assertThat(checked).isEqualTo(THREADS * ROUNDS * KEYS);
        } finally {
            pool.shutdownNow();
        }
    }

    private static CertificateTemplate template(PublicKey key) throws IOException {
        return new CertificateTemplate(new BigInteger(64, RANDOM).add(BigInteger.ONE),
                new X500Name("CN=device.example").getEncoded(), List.of(), key, false,
                NOW.minus(1, ChronoUnit.MINUTES), NOW.plus(1, ChronoUnit.DAYS));
    }
}
