package io.portcullis.api.dto;

import jakarta.validation.constraints.NotBlank;

/** JSON body of {@code POST /api/v1/orders}: the PEM CSR. */
public record OrderRequest(@NotBlank(message = "csr is required") String csr) {
}
