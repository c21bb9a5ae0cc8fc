package io.portcullis.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.issuance.DeviceKeyAlgorithm;
import io.portcullis.ca.issuance.Pkcs12Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The bundle request's checks, and that it never shows its password. */
class Pkcs12RequestTest {

    @Test
    void defaultsAreEcP256Modern() {
        Pkcs12Request request = Pkcs12Request.of("eight chr", null, null, null);

        assertThat(request.keyAlgorithm()).isEqualTo(DeviceKeyAlgorithm.EC_P256);
        assertThat(request.profile()).isEqualTo(Pkcs12Profile.MODERN);
        assertThat(request.friendlyNameOr("cn")).isEqualTo("cn");
    }

    @Test
    void neverShowsThePasswordAndWipesIt() {
        Pkcs12Request request = Pkcs12Request.of("s3cret-password", "RSA-3072", "legacy", "Phone");

        assertThat(request.toString()).doesNotContain("s3cret").contains("RSA-3072", "legacy");
        request.wipe();
        assertThat(request.password()).containsOnly('\0');
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"seven77", "\u00e4\u00e4\u00e4\u00e4\u00e4\u00e4\u00e4", "tab\tinside-password"})
    void refusesMissingShortOrControlPasswords(String password) {
        assertThatThrownBy(() -> Pkcs12Request.of(password, null, null, null))
                .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.MALFORMED));
    }

    @Test
    void refusesUnknownAlgorithmsProfilesAndBadFriendlyNames() {
        assertThatThrownBy(() -> Pkcs12Request.of("eight chr", "EC-P384", null, null)).isInstanceOf(CaException.class)
                .hasMessageContaining("EC-P256, RSA-2048, RSA-3072");
        assertThatThrownBy(() -> Pkcs12Request.of("eight chr", null, "MODERN", null)).isInstanceOf(CaException.class);
        assertThatThrownBy(() -> Pkcs12Request.of("eight chr", null, null, " ")).isInstanceOf(CaException.class);
        assertThatThrownBy(() -> Pkcs12Request.of("eight chr", null, null, "x".repeat(65))).isInstanceOf(CaException.class);
    }
}
