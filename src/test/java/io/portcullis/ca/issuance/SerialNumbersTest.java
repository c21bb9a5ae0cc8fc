package io.portcullis.ca.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SerialNumbersTest {

    @Test
    void serialsArePositiveAtLeast64BitsAtMost20OctetsAndDistinct() {
        SerialNumbers serials = new SerialNumbers();
        Set<BigInteger> seen = new HashSet<>();
        int over120Bits = 0;
        for (int i = 0; i < 100_000; i++) {
            BigInteger serial = serials.next();
            assertThat(serial.signum()).isPositive();
            assertThat(serial.bitLength()).isBetween(64, 127);
            // toByteArray is the DER INTEGER content: two's complement, sign octet included
            assertThat(serial.toByteArray().length).isLessThanOrEqualTo(20);
            assertThat(seen.add(serial)).as("serial %s repeated", serial.toString(16)).isTrue();
            if (serial.bitLength() > 120) {
                over120Bits++;
            }
        }
        // 127 random bits: almost every serial uses the top octets (a weak generator would not)
        assertThat(over120Bits).isGreaterThan(99_000);
    }
}
