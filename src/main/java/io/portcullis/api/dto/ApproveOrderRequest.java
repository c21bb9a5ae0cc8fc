package io.portcullis.api.dto;

/** Optional JSON body of {@code POST /api/v1/orders/{id}/approve}; validityDays overrides the token's. */
public record ApproveOrderRequest(Integer validityDays) {
}
