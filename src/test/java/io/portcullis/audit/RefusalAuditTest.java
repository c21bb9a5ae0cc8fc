package io.portcullis.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.ca.Actor;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.Page;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one way a use case audits its refusals: only the types it names, with its target, and the refusal passes on. */
class RefusalAuditTest {

    private static final Actor ISSUER = new Actor("c-1", "issuer");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Set<ErrorType> AUDITED = EnumSet.of(ErrorType.REJECTED_IDENTIFIER, ErrorType.FORBIDDEN);

    private final List<AuditEvent> appended = new ArrayList<>();
    private final AuditTrail trail = new AuditTrail(new AuditStore() {
        @Override
        public void append(AuditEvent event) {
            appended.add(event);
        }

        @Override
        public Page<AuditEvent> search(AuditQuery query) {
            throw new UnsupportedOperationException();
        }
    }, () -> Optional.of("192.0.2.7"), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void anAuditedRefusalIsRecordedWithItsAcmeNameAndPassedOn() {
        CaException refusal = new CaException(ErrorType.FORBIDDEN, "beyond the cap");
        assertThatThrownBy(() -> trail.refusalsAudited(ISSUER, AuditAction.ENROLLMENT_TOKEN_CREATED, "t-1", AUDITED,
                () -> {
                    throw refusal;
                })).isSameAs(refusal);
        assertThat(appended).containsExactly(new AuditEvent(0, NOW, "c-1", "issuer", "enrollment-token.created", "t-1",
                "unauthorized", "192.0.2.7"));
    }

    @Test
    void aRefusalOfAnotherTypeLeavesNoRow() {
        assertThatThrownBy(() -> trail.refusalsAudited(ISSUER, AuditAction.ORDER_CREATED, null, AUDITED, () -> {
            throw new CaException(ErrorType.MALFORMED, "uses must be between 1 and 10000.");
        })).isInstanceOf(CaException.class);
        assertThat(appended).isEmpty();
    }

    @Test
    void successIsLeftToTheUseCase() {
        assertThat(trail.refusalsAudited(ISSUER, AuditAction.ORDER_CREATED, null, AUDITED, () -> "done"))
                .isEqualTo("done");
        assertThat(appended).isEmpty();
    }

    @Test
    void anythingButARefusalPassesUnrecorded() {
        IllegalStateException bug = new IllegalStateException("no free serial");
        assertThatThrownBy(() -> trail.refusalsAudited(ISSUER, AuditAction.CERTIFICATE_ISSUED, null,
                EnumSet.allOf(ErrorType.class), () -> {
                    throw bug;
                })).isSameAs(bug);
        assertThat(appended).isEmpty();
    }
}
