package io.portcullis.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.portcullis.ca.Lifetimes;
import io.portcullis.ca.SubjectAltName;
import io.portcullis.enrollment.EnrollmentToken;
import java.time.Instant;
import java.util.List;

/**
 * An enrollment token; {@code token} (the secret) is present only in the response that created it.
 * The certificates' lifetime is {@code validity} (ISO-8601) and, in whole days, {@code validityDays}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnrollmentTokenResponse(
        String id,
        String token,
        String commonName,
        List<String> subjectAltNames,
        Integer validityDays,
        String validity,
        int uses,
        int usesLeft,
        String approval,
        Instant expiresAt,
        String createdBy,
        Instant createdAt) {

    public static EnrollmentTokenResponse of(EnrollmentToken t, String secret) {
        return new EnrollmentTokenResponse(t.id(), secret, t.commonName(),
                t.subjectAltNames().stream().map(SubjectAltName::toString).toList(), Lifetimes.wholeDays(t.validity()),
                Lifetimes.iso(t.validity()), t.uses(),
                t.usesLeft(), t.approval().label(), t.expiresAt(), t.createdBy(), t.createdAt());
    }
}
