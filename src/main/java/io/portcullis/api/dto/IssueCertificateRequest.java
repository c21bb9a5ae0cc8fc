package io.portcullis.api.dto;

import jakarta.validation.constraints.NotBlank;

/**
 * JSON body of {@code POST /api/v1/certificates}.
 *
 * @param csr          PEM encoded PKCS#10 request
 * @param validityDays requested validity; the default applies when absent, the maximum caps it
 */
public record IssueCertificateRequest(@NotBlank(message = "csr is required") String csr, Integer validityDays) {
}
