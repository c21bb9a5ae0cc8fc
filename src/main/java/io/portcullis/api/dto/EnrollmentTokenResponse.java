package io.portcullis.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.portcullis.ca.SubjectAltName;
import io.portcullis.enrollment.EnrollmentToken;
import java.time.Instant;
import java.util.List;

/** An enrollment token; {@code token} (the secret) is present only in the response that created it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnrollmentTokenResponse(
        String id,
        String token,
        String commonName,
        List<String> subjectAltNames,
        Integer validityDays,
        int uses,
        int usesLeft,
        String approval,
        Instant expiresAt,
        String createdBy,
        Instant createdAt) {

    public static EnrollmentTokenResponse of(EnrollmentToken t, String secret) {
        return new EnrollmentTokenResponse(t.id(), secret, t.commonName(),
                t.subjectAltNames().stream().map(SubjectAltName::toString).toList(), t.validityDays(), t.uses(),
                t.usesLeft(), t.approval().label(), t.expiresAt(), t.createdBy(), t.createdAt());
    }
}
