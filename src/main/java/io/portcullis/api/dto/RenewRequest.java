package io.portcullis.api.dto;

/**
 * Optional JSON body of the renewal endpoints.
 *
 * @param validityDays the new validity; absent means the renewed certificate's own lifetime
 */
public record RenewRequest(Integer validityDays) {
}
