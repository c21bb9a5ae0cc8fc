package io.portcullis.enrollment;

import io.portcullis.ca.Labelled;

/** ACME's order states that Portcullis uses (RFC 8555 section 7.1.6). */
public enum OrderStatus implements Labelled {
    /** Waiting for an administrator. */
    PENDING("pending"),
    /** The certificate is issued. */
    VALID("valid"),
    /** Rejected by an administrator, or expired while pending. */
    INVALID("invalid");

    private final String label;

    OrderStatus(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    /** The status named {@code label}, or {@code null}. */
    public static OrderStatus fromLabel(String label) {
        return Labelled.find(OrderStatus.class, label).orElse(null);
    }
}
