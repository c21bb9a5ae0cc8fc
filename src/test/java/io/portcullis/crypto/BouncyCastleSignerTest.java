package io.portcullis.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.CertificateTemplate;
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
import org.junit.jupiter.api.Test;

/**
 * The signer is shared by every request thread: certificates signed at the same time each carry
 * their own key's identifier (RFC 5280 4.2.1.2 method 1) and a valid signature. BouncyCastle's
 * {@code JcaX509ExtensionUtils} keeps one digest buffer per instance, so a shared one mixed the
 * keys of concurrent requests (about one certificate in two hundred under load).
 */
class BouncyCastleSignerTest {

    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final int THREADS = 8;
    private static final int KEYS = 32;
    private static final int ROUNDS = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void concurrentCertificatesEachCarryTheirOwnKeysIdentifier() throws Exception {
        ActiveCa activeCa = InMemoryCa.active("CN=Signer Test CA", NOW);
        BouncyCastleSigner signer = new BouncyCastleSigner(activeCa, "https://ca.example/");
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
