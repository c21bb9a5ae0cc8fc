package io.portcullis.api.dto;

/** Optional JSON body of {@code POST /api/v1/orders/{id}/reject}; the reason is shown to the device. */
public record RejectOrderRequest(String reason) {
}
