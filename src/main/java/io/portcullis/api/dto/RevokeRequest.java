package io.portcullis.api.dto;

/**
 * JSON body of {@code POST /api/v1/certificates/{serial}/revoke}.
 *
 * @param reason an RFC 5280 reason name ({@code keyCompromise}, …); absent means {@code unspecified}
 */
public record RevokeRequest(String reason) {
}
