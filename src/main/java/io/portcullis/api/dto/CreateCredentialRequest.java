package io.portcullis.api.dto;

import java.util.List;

/**
 * JSON body of {@code POST /api/v1/credentials}. The name lists and the cap apply to issuers only.
 *
 * @param role            {@code admin}, {@code issuer} or {@code auditor}
 * @param allowedNames    an issuer's DNS globs for common names and DNS names, e.g. {@code *.ci.example}
 * @param allowedIps      address ranges an issuer's IP names must lie in, e.g. {@code 192.0.2.0/24}
 * @param allowedUris     patterns an issuer's URI names must match, e.g. {@code spiffe://prod/ns/ci/sa/*}
 * @param allowedEmails   patterns an issuer's e-mail names must match, e.g. {@code *@ci.example}
 * @param maxValidityDays an issuer's validity cap in days; absent means the service maximum
 * @param maxValidity     the same cap as an ISO-8601 duration ({@code PT12H}); not with maxValidityDays
 */
public record CreateCredentialRequest(String name, String role, List<String> allowedNames, List<String> allowedIps,
        List<String> allowedUris, List<String> allowedEmails, Integer maxValidityDays, String maxValidity) {
}
