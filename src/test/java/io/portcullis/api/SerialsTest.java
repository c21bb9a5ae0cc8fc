package io.portcullis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SerialsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "3f2a, 3f2a",
        "3F2A, 3f2a",
        "3F:2A, 3f2a",
        "00:3f:2a, 3f2a",
        "0003f2a, 3f2a",
        "1, 1",
        "7fffffffffffffffffffffffffffffffffffffff, 7fffffffffffffffffffffffffffffffffffffff"})
    void acceptsOpensslSpellings(String text, String hex) {
        assertThat(Serials.parse(text)).isEqualTo(new BigInteger(hex, 16));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "xyz", "3f-2a", "3f 2a", "-1", "+1", "0x3f", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void refusesWhatIsNoSerial(String text) {
        assertThatThrownBy(() -> Serials.parse(text))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.MALFORMED));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "00:00", "8000000000000000000000000000000000000000", "ffffffffffffffffffffffffffffffffffffffff"})
    void zeroAndSerialsBeyond20OctetsCannotExist(String text) {
        assertThatThrownBy(() -> Serials.parse(text))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.NOT_FOUND));
    }
}
