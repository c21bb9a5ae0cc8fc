package io.portcullis.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WeakRsaKeysTest {

    /** Published positive ROCA samples of the CCS 2017 detector's test suite (mod01.txt, pubkey03.pem). */
    static final BigInteger ROCA_512 = new BigInteger("944e13208a280c37efc31c3114485e590192adbb8e11c87cad60cdef0037ce99"
            + "278330d3f471a2538fa667802ed2a3c44a8b7dea826e888d0aa341fd664f7fa7", 16);
    static final BigInteger ROCA_2049 = new BigInteger("1A9C5A687DB8FB2A30F82DFF8DDA154C291EF27B04B25E185B8AB20C4C6A5F60"
            + "4859FE59EDE54A0AF7C0E7288800AD7193BB731A5BF1E1170D7A1C66930D41EA3EB21DEDF7B8AF5D42A91C34F72045B96EFD57CB18"
            + "2301DDCC26967E5508E9AB889986D57E837DFE70F99FC37C498F43C17C3B9B064CF704443D7A033E03A821697AABF30FB29EE7D33B"
            + "3767965A89058E3B39754BD3A1C007D28A23B0CFA79F9D711AC6E4C4B4F77B0634B1ECD68591AF03C7D53B62A5F2D91163D4EF4F8F"
            + "26831AE461ED85EC5F788C5123FFC12C87420FDCFEA1D1B4A52C3521824FB3998348739B62A986D8E76B2289BC2EB8BC06D138147"
            + "851B83A07183D210559F906321", 16);
    /** From the same suite: matches the older bit-marker test, but is not in the subgroup (no ROCA key). */
    static final BigInteger MARKER_ONLY = new BigInteger("72414128973967872688332736535017614208620368242015797102796086"
            + "827882754006260204061799547004983731426777596445658889886861027045033760014948048067467947960318205453778"
            + "973975867532910489227970143091184725760290172935872752222320334100097730483600892686353719855397381316384"
            + "244147860260153198611313067061116317");

    private final Random random = new Random(8);

    @Test
    void theRocaModulusIsThePrimorialOf167AsPublished() {
        assertThat(WeakRsaKeys.primorial(167))
                .isEqualTo(new BigInteger("962947420735983927056946215901134429196419130606213075415963491270"));
    }

    @Test
    void rocaFingerprintedModuliAreFound() {
        assertThat(WeakRsaKeys.hasRocaFingerprint(ROCA_512)).isTrue();
        assertThat(WeakRsaKeys.hasRocaFingerprint(ROCA_2049)).isTrue();
        assertThat(WeakRsaKeys.weakness(ROCA_2049)).hasValueSatisfying(w -> assertThat(w).contains("ROCA"));
    }

    @Test
    void theDiscreteLogTestHasNoFalsePositiveWhereTheMarkerTestHadOne() {
        assertThat(WeakRsaKeys.hasRocaFingerprint(MARKER_ONLY)).isFalse();
    }

    @Test
    void primesTooCloseTogetherAreFoundByFermat() {
        BigInteger p = new BigInteger(1024, 40, random);
        BigInteger q = p.add(BigInteger.valueOf(1L << 40)).nextProbablePrime();
        BigInteger n = p.multiply(q);
        assertThat(WeakRsaKeys.fermatFactor(n, WeakRsaKeys.FERMAT_STEPS)).hasValue(p);
        assertThat(WeakRsaKeys.weakness(n)).hasValueSatisfying(w -> assertThat(w).contains("Fermat"));
    }

    @Test
    void aSmallPrimeFactorIsFound() {
        BigInteger n = BigInteger.valueOf(9_973).multiply(new BigInteger(2035, 40, random));
        assertThat(WeakRsaKeys.weakness(n)).hasValueSatisfying(w -> assertThat(w).contains("below 10000"));
        assertThat(WeakRsaKeys.weakness(BigInteger.valueOf(10_007).multiply(new BigInteger(2035, 40, random))))
                .as("10007 is above the bound").isEmpty();
    }

    @Test
    void properKeysPassAndTheTestsCostAboutAMillisecond() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        List<BigInteger> moduli = new ArrayList<>();
        for (int bits : new int[] {2048, 4096}) {
            generator.initialize(bits);
            moduli.add(((RSAPublicKey) generator.generateKeyPair().getPublic()).getModulus());
        }
        for (BigInteger n : moduli) {
            assertThat(WeakRsaKeys.weakness(n)).as("%d bits", n.bitLength()).isEmpty();
        }
        int rounds = 200;
        for (int i = 0; i < rounds; i++) { // warm-up
            moduli.forEach(WeakRsaKeys::weakness);
        }
        for (BigInteger n : moduli) {
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                WeakRsaKeys.weakness(n);
            }
            double micros = (System.nanoTime() - start) / 1_000.0 / rounds;
            System.out.printf("weak-key tests on a %d-bit modulus: %.0f µs%n", n.bitLength(), micros);
            assertThat(micros).as("µs per %d-bit modulus", n.bitLength()).isLessThan(20_000);
        }
    }
}
