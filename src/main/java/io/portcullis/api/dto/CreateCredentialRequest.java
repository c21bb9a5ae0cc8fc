package io.portcullis.api.dto;

import java.util.List;

/**
 * JSON body of {@code POST /api/v1/credentials}.
 *
 * @param role            {@code admin}, {@code issuer} or {@code auditor}
 * @param allowedNames    an issuer's name globs, e.g. {@code *.ci.example}
 * @param maxValidityDays an issuer's validity cap; absent means the service maximum
 */
public record CreateCredentialRequest(String name, String role, List<String> allowedNames, Integer maxValidityDays) {
}
