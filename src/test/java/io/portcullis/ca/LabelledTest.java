package io.portcullis.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.audit.AuditAction;
import io.portcullis.enrollment.Approval;
import io.portcullis.enrollment.CredentialRole;
import io.portcullis.enrollment.OrderStatus;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every labelled enum finds each of its constants by label, and says what an unknown label means there. */
class LabelledTest {

    static Stream<Arguments> enums() {
        return Stream.of(
                case_(AuditAction.class, AuditAction::fromLabel),
                case_(Approval.class, Approval::fromLabel),
                case_(CredentialRole.class, CredentialRole::fromLabel),
                case_(OrderStatus.class, OrderStatus::fromLabel),
                case_(CertificateStatus.class, CertificateStatus::fromLabel),
                case_(DeviceStatus.class, DeviceStatus::fromLabel),
                case_(DeviceKeyAlgorithm.class, DeviceKeyAlgorithm::fromLabel),
                case_(CaKeyAlgorithm.class, CaKeyAlgorithm::fromLabel),
                case_(Pkcs12Profile.class, Pkcs12Profile::fromLabel),
                case_(AttributeType.class, label -> AttributeType.fromLabel(label).orElseThrow()));
    }

    @ParameterizedTest
    @MethodSource("enums")
    <E extends Enum<E> & Labelled> void everyConstantIsFoundByItsLabel(Class<E> type, Function<String, E> fromLabel) {
        for (E constant : type.getEnumConstants()) {
            assertThat(fromLabel.apply(constant.label())).isSameAs(constant);
            assertThat(Labelled.find(type, constant.label())).contains(constant);
        }
        assertThat(Labelled.find(type, "no-such-label")).isEmpty();
        assertThat(Labelled.find(type, null)).isEmpty();
    }

    @Test
    void lookUpsThatAnswerNothingStillDo() {
        assertThat(AuditAction.fromLabel("certificate.deleted")).isNull();
        assertThat(Approval.fromLabel("Auto")).as("labels match exactly").isNull();
        assertThat(CredentialRole.fromLabel(null)).isNull();
        assertThat(OrderStatus.fromLabel("expired")).isNull();
        assertThat(AttributeType.fromLabel("emailAddress")).as("short names ignore case").contains(AttributeType.EMAIL_ADDRESS);
        assertThat(AttributeType.fromLabel("XX")).isEmpty();
    }

    @Test
    void lookUpsThatRefuseKeepTheirMessagesAndDefaults() {
        assertMalformed(() -> CertificateStatus.fromLabel("Valid"), "status must be one of valid, revoked, expired.");
        assertMalformed(() -> DeviceStatus.fromLabel("gone"), "status must be one of active, expired, revoked.");
        assertMalformed(() -> DeviceKeyAlgorithm.fromLabel("EC-P384"), "keyAlgorithm must be one of EC-P256, RSA-2048, RSA-3072.");
        assertMalformed(() -> Pkcs12Profile.fromLabel("old"), "profile must be modern or legacy.");
        assertThat(DeviceKeyAlgorithm.fromLabel(" ")).isEqualTo(DeviceKeyAlgorithm.DEFAULT);
        assertThat(Pkcs12Profile.fromLabel(null)).isEqualTo(Pkcs12Profile.MODERN);
        assertThatThrownBy(() -> CaKeyAlgorithm.fromLabel("DSA")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown CA key algorithm 'DSA', expected one of EC-P256, EC-P384, RSA-2048, RSA-3072, RSA-4096");
    }

    private static void assertMalformed(Runnable parse, String detail) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(CaException.class, e -> {
            assertThat(e.type()).isEqualTo(ErrorType.MALFORMED);
            assertThat(e.detail()).isEqualTo(detail);
        });
    }

    private static <E extends Enum<E> & Labelled> Arguments case_(Class<E> type, Function<String, E> fromLabel) {
        return Arguments.of(Named.of(type.getSimpleName(), type), fromLabel);
    }
}
