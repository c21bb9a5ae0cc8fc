package io.portcullis.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.config.PortcullisConfig;
import io.portcullis.crypto.BothProviders;
import io.portcullis.crypto.BouncyCastleCaKeys;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IssuancePolicyTest {

    static final Instant NOW = Instant.parse("2030-01-15T10:00:00.123456Z");
    static final Instant NOW_SECONDS = Instant.parse("2030-01-15T10:00:00Z");
    static final BouncyCastleCaKeys KEYS = new BouncyCastleCaKeys(BothProviders.AWS_LC);
    static final CompromisedKeys NO_COMPROMISED_KEYS = new CompromisedKeys() {
        @Override
        public void add(BigInteger revokedSerial) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deny(String spkiSha256, BigInteger serial, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void lockForIssuance(String spkiSha256) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void lockForRevocation(String spkiSha256) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<BigInteger> revokedWith(String spkiSha256) {
            return Optional.empty();
        }
    };
    static final CaCertificate CA = KEYS.generate(CaKeyAlgorithm.EC_P256, "CN=Test CA,O=Test",
            NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3650))).certificate();

    final IssuancePolicy policy = new IssuancePolicy(config(365, 398), NO_COMPROMISED_KEYS);

    /** Only the keys the policy reads; any other call fails, so the test notices new dependencies. */
    static PortcullisConfig config(int defaultDays, int maxDays) {
        Map<String, Object> values = Map.of("defaultValidityDays", defaultDays, "maxValidityDays", maxDays);
        return (PortcullisConfig) Proxy.newProxyInstance(PortcullisConfig.class.getClassLoader(),
                new Class<?>[] {PortcullisConfig.class}, (proxy, method, args) -> {
                    if (!values.containsKey(method.getName())) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return values.get(method.getName());
                });
    }

    @Test
    void defaultIs365DaysBackdatedOneMinuteInWholeSeconds() {
        IssuancePolicy.Validity v = policy.validity(null, NOW, CA);
        assertThat(v.notBefore()).isEqualTo(NOW_SECONDS.minus(Duration.ofMinutes(1)));
        assertThat(v.notAfter()).isEqualTo(NOW_SECONDS.plus(Duration.ofDays(365)));
    }

    @Test
    void theRequestIsHonouredUpToTheMaximum() {
        assertThat(policy.validity(Duration.ofDays(30), NOW, CA).notAfter()).isEqualTo(NOW_SECONDS.plus(Duration.ofDays(30)));
        assertThat(policy.validity(Duration.ofDays(398), NOW, CA).notAfter()).isEqualTo(NOW_SECONDS.plus(Duration.ofDays(398)));
        assertThat(policy.validity(Duration.ofDays(399), NOW, CA).notAfter()).isEqualTo(NOW_SECONDS.plus(Duration.ofDays(398)));
        assertThat(policy.validity(Duration.ofDays(Integer.MAX_VALUE), NOW, CA).notAfter()).isEqualTo(NOW_SECONDS.plus(Duration.ofDays(398)));
    }

    @Test
    void aDefaultAboveTheMaximumIsCappedToo() {
        assertThat(new IssuancePolicy(config(500, 398), NO_COMPROMISED_KEYS).validity(null, NOW, CA).notAfter())
                .isEqualTo(NOW_SECONDS.plus(Duration.ofDays(398)));
    }

    @Test
    void theCaNotAfterCapsEverything() {
        CaCertificate shortCa = KEYS.generate(CaKeyAlgorithm.EC_P256, "CN=Short CA", NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(10))).certificate();
        assertThat(policy.validity(null, NOW, shortCa).notAfter()).isEqualTo(shortCa.notAfter());
        assertThat(policy.validity(Duration.ofDays(5), NOW, shortCa).notAfter()).isEqualTo(NOW_SECONDS.plus(Duration.ofDays(5)));
    }

    @Test
    void hoursAndMinutesAreHonoured() {
        assertThat(policy.validity(Duration.ofHours(1), NOW, CA).notAfter()).isEqualTo(NOW_SECONDS.plus(Duration.ofHours(1)));
        assertThat(policy.validity(Duration.ofMinutes(5), NOW, CA).notAfter())
                .isEqualTo(NOW_SECONDS.plus(Duration.ofMinutes(5)));
    }

    @ParameterizedTest(name = "validity={0}s")
    @ValueSource(longs = {299, 0, -1, Long.MIN_VALUE / 2})
    void lessThanFiveMinutesIsMalformed(long seconds) {
        assertThatThrownBy(() -> policy.validity(Duration.ofSeconds(seconds), NOW, CA))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.MALFORMED));
    }

    @Test
    void anExpiredCaIssuesNothing() {
        assertThatThrownBy(() -> policy.validity(null, CA.notAfter().plusSeconds(1), CA))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.UNAVAILABLE));
    }

    @Test
    void aSubjectEqualToTheCaSubjectIsRefusedEvenSpelledDifferently() {
        assertThat(CA.subject()).isEqualTo("CN=Test CA,O=Test");
        // same name, other case and string type: X.500 comparison still calls it equal
        CertificateRequest sameName = request(new X500Principal("CN=test ca, O=TEST").getEncoded(), "test ca", List.of());
        assertThatThrownBy(() -> policy.checkRequest(sameName, CA))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_CSR));
        // the reversed order is another name
        policy.checkRequest(request(new X500Principal("O=Test,CN=Test CA").getEncoded(), "Test CA", List.of()), CA);
    }

    @Test
    void aRequestWithoutAnyNameIsRefused() {
        CertificateRequest nameless = request(new X500Principal("O=Home").getEncoded(), null, List.of());
        assertThatThrownBy(() -> policy.checkRequest(nameless, CA))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_CSR));
        policy.checkRequest(request(new X500Principal("").getEncoded(), null,
                List.of(SubjectAltName.parse("DNS:door.example"))), CA);
    }

    @Test
    void aKeyOnTheCompromisedListIsRefusedNamingTheRevokedCertificate() {
        CompromisedKeys listed = new CompromisedKeys() {
            @Override
            public void add(BigInteger revokedSerial) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void deny(String spkiSha256, BigInteger serial, Instant at) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void lockForIssuance(String spkiSha256) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void lockForRevocation(String spkiSha256) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<BigInteger> revokedWith(String spkiSha256) {
                return "00".equals(spkiSha256) ? Optional.of(BigInteger.valueOf(0xabcdef)) : Optional.empty();
            }
        };
        CertificateRequest request = request(new X500Principal("CN=door.example").getEncoded(), "door.example", List.of());
        assertThatThrownBy(() -> new IssuancePolicy(config(365, 398), listed).checkKey(request))
                .isInstanceOfSatisfying(CaException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.BAD_PUBLIC_KEY);
                    assertThat(e.detail()).contains("abcdef", "keyCompromise");
                });
        policy.checkKey(request);
    }

    private static CertificateRequest request(byte[] subjectDer, String commonName, List<SubjectAltName> sans) {
        return new CertificateRequest(new byte[0], SubjectName.EMPTY, subjectDer, new X500Principal(subjectDer).getName(), commonName, sans,
                CA.certificate().getPublicKey(), "EC-P256", "00");
    }
}
