package io.portcullis.enrollment;

import io.portcullis.ca.SubjectAltName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A stored enrollment token (without the secret). It binds the identity a device may enroll as.
 *
 * @param validity  lifetime of the certificates it yields, or {@code null} for the default
 * @param createdBy    the creating actor as {@code role:id}
 */
public record EnrollmentToken(
        String id,
        String commonName,
        List<SubjectAltName> subjectAltNames,
        Duration validity,
        int uses,
        int usesLeft,
        Approval approval,
        Instant expiresAt,
        String createdBy,
        Instant createdAt) {

    public EnrollmentToken {
        subjectAltNames = List.copyOf(subjectAltNames);
    }

    /** Whether a new order may still spend a use of it. */
    public boolean usableAt(Instant now) {
        return usesLeft > 0 && now.isBefore(expiresAt);
    }
}
