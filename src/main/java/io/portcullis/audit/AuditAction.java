package io.portcullis.audit;

import io.portcullis.ca.Labelled;

/** The security-relevant actions the audit trail records, with their names in the API. */
public enum AuditAction implements Labelled {
    CREDENTIAL_CREATED("credential.created"),
    CREDENTIAL_DELETED("credential.deleted"),
    ENROLLMENT_TOKEN_CREATED("enrollment-token.created"),
    ENROLLMENT_TOKEN_DELETED("enrollment-token.deleted"),
    ORDER_CREATED("order.created"),
    ORDER_APPROVED("order.approved"),
    ORDER_REJECTED("order.rejected"),
    ORDER_EXPIRED("order.expired"),
    CERTIFICATE_ISSUED("certificate.issued"),
    CERTIFICATE_REVOKED("certificate.revoked"),
    DEVICE_REVOKED("device.revoked"),
    CA_RENEWED("ca.renewed"),
    NGINX_RELOADED("nginx.reloaded"),
    ACME_EAB_CREATED("acme-eab.created"),
    ACME_ACCOUNT_CREATED("acme-account.created"),
    ACME_ACCOUNT_DEACTIVATED("acme-account.deactivated"),
    ACME_ACCOUNT_KEY_CHANGED("acme-account.key-changed");

    private final String label;

    AuditAction(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    /** The action named {@code label}, or {@code null} if there is none. */
    public static AuditAction fromLabel(String label) {
        return Labelled.find(AuditAction.class, label).orElse(null);
    }
}
