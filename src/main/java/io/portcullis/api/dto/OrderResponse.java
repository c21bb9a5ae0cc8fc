package io.portcullis.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.portcullis.ca.CaCertificate;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.Pem;
import io.portcullis.enrollment.Order;
import io.portcullis.enrollment.OrderStatus;
import io.portcullis.enrollment.OrderView;
import java.time.Instant;
import java.util.List;

/**
 * An order as the API shows it, shaped after ACME's order object: {@code certificate} is the PEM
 * chain (leaf + CA) once valid, {@code error} explains an invalid order. In a listing an order has no
 * chain and only its first names ({@link NameSummary}); {@code url} is where the whole order is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderResponse(
        String id,
        String status,
        String commonName,
        List<String> subjectAltNames,
        int subjectAltNameCount,
        Instant createdAt,
        Instant expiresAt,
        String serialNumber,
        String certificate,
        String certificateUrl,
        Problem error,
        String url) {

    public static String url(String id) {
        return "/api/v1/orders/" + id;
    }

    /** The order with its certificate chain inlined when there is one. */
    public static OrderResponse of(OrderView view, CaCertificate ca) {
        String chain = view.certificate() == null ? null : Pem.certificate(view.certificate().der()) + ca.pem();
        return of(view.order(), chain);
    }

    /** The order with the given PEM chain, or with none ({@code null}). */
    public static OrderResponse of(Order o, String chain) {
        return of(o, NameSummary.all(o.subjectAltNames()), chain);
    }

    /** The order as a listing shows it: no chain, the first names only. */
    public static OrderResponse summary(Order o) {
        return of(o, NameSummary.first(o.subjectAltNames()), null);
    }

    private static OrderResponse of(Order o, List<String> names, String chain) {
        return new OrderResponse(o.id(), o.status().label(), o.commonName(), names, o.subjectAltNames().size(),
                o.createdAt(), o.expiresAt(), o.serial() == null ? null : o.serial().toString(16), chain,
                o.status() == OrderStatus.VALID ? url(o.id()) + "/certificate" : null, error(o), url(o.id()));
    }

    /** Why an invalid order is invalid, as the problem its certificate download answers with. */
    public static Problem error(Order o) {
        if (o.status() != OrderStatus.INVALID) {
            return null;
        }
        ErrorType type = ErrorType.FORBIDDEN;
        String detail = Order.REJECTED.equals(o.invalidReason())
                ? "An administrator rejected the order" + (o.rejectionReason() == null || o.rejectionReason().isBlank()
                        ? "." : ": " + o.rejectionReason())
                : "The order expired before an administrator approved it.";
        return new Problem(type.urn(), type.title(), type.status(), detail);
    }
}
