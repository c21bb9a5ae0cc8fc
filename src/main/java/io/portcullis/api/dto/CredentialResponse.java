package io.portcullis.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.portcullis.enrollment.Credential;
import java.time.Instant;
import java.util.List;

/** A credential; {@code token} is present only in the response that created it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CredentialResponse(
        String id,
        String name,
        String role,
        List<String> allowedNames,
        Integer maxValidityDays,
        String createdBy,
        Instant createdAt,
        String token) {

    public static CredentialResponse of(Credential c, String token) {
        return new CredentialResponse(c.id(), c.name(), c.role().label(), c.allowedNames(), c.maxValidityDays(),
                c.createdBy(), c.createdAt(), token);
    }
}
