package io.portcullis.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.portcullis.ca.Lifetimes;
import io.portcullis.credential.Credential;
import java.time.Instant;
import java.util.List;

/**
 * A credential; {@code token} is present only in the response that created it. The cap appears as
 * {@code maxValidity} (ISO-8601) and, when it is whole days, as {@code maxValidityDays} too.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CredentialResponse(
        String id,
        String name,
        String role,
        List<String> allowedNames,
        List<String> allowedIps,
        List<String> allowedUris,
        List<String> allowedEmails,
        Integer maxValidityDays,
        String maxValidity,
        String createdBy,
        Instant createdAt,
        String token) {

    public static CredentialResponse of(Credential c, String token) {
        return new CredentialResponse(c.id(), c.name(), c.role().label(), c.allowedNames(), c.allowedIps(),
                c.allowedUris(), c.allowedEmails(), Lifetimes.wholeDays(c.maxValidity()), Lifetimes.iso(c.maxValidity()),
                c.createdBy(), c.createdAt(), token);
    }
}
