package io.portcullis.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The download's file name cannot break out of the header or name a path, whatever the common name. */
class Pkcs12ResponsesTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "door.home.example|door.home.example.p12",
            "Kiosk 1 (hall)|Kiosk_1__hall_.p12",
            "a\"; filename=evil.exe|a___filename_evil.exe.p12",
            "../../etc/passwd|_.._etc_passwd.p12",
            "...hidden|hidden.p12",
            "'  '|__.p12",
            "Zürich-Tür|Z_rich-T_r.p12",
            "''|certificate.p12",
            "....|certificate.p12"})
    void fileNameIsSafe(String commonName, String expected) {
        assertThat(Pkcs12Responses.fileName(commonName)).isEqualTo(expected).matches("[A-Za-z0-9_-][A-Za-z0-9._-]*\\.p12");
    }

    @org.junit.jupiter.api.Test
    void longNamesAreCut() {
        assertThat(Pkcs12Responses.fileName("x".repeat(200))).isEqualTo("x".repeat(64) + ".p12");
        assertThat(Pkcs12Responses.fileName(null)).isEqualTo("certificate.p12");
    }
}
