package io.portcullis.enrollment;

import io.portcullis.ca.Actor;
import java.time.Instant;
import java.util.List;

/**
 * A stored credential (without its token, which is never stored).
 *
 * @param allowedNames    globs an issuer's names must match; empty for other roles
 * @param maxValidityDays an issuer's validity cap, or {@code null} for the service's maximum
 * @param createdBy       the creating {@link Actor}, as {@code role:id}
 */
public record Credential(
        String id,
        String name,
        CredentialRole role,
        List<String> allowedNames,
        Integer maxValidityDays,
        String createdBy,
        Instant createdAt) {

    public Credential {
        allowedNames = List.copyOf(allowedNames);
    }

    public Actor actor() {
        return new Actor(id, role.label());
    }

    /** What this credential may issue. */
    public CredentialScope scope() {
        return role == CredentialRole.ADMIN ? CredentialScope.UNRESTRICTED
                : CredentialScope.restricted(allowedNames, maxValidityDays);
    }
}
