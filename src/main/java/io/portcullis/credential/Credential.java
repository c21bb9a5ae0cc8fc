package io.portcullis.credential;

import io.portcullis.ca.Actor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A stored credential (without its token, which is never stored).
 *
 * @param allowedNames  DNS globs an issuer's common names and DNS names must match; empty for other roles
 * @param allowedIps    address ranges (CIDR) an issuer's IP names must lie in
 * @param allowedUris   patterns an issuer's URI names must match
 * @param allowedEmails patterns an issuer's e-mail names must match
 * @param maxValidity   an issuer's validity cap, or {@code null} for the service's maximum
 * @param createdBy     the creating {@link Actor}, as {@code role:id}
 */
public record Credential(
        String id,
        String name,
        CredentialRole role,
        List<String> allowedNames,
        List<String> allowedIps,
        List<String> allowedUris,
        List<String> allowedEmails,
        Duration maxValidity,
        String createdBy,
        Instant createdAt) {

    public Credential {
        allowedNames = List.copyOf(allowedNames);
        allowedIps = List.copyOf(allowedIps);
        allowedUris = List.copyOf(allowedUris);
        allowedEmails = List.copyOf(allowedEmails);
    }

    public Actor actor() {
        return new Actor(id, role.label());
    }

    /** What this credential may issue. */
    public CredentialScope scope() {
        return role == CredentialRole.ADMIN ? CredentialScope.UNRESTRICTED : CredentialScope.restricted(this);
    }
}
