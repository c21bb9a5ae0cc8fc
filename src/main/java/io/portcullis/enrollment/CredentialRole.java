package io.portcullis.enrollment;

import io.portcullis.ca.Labelled;

/** What a credential may do; the labels are the role names of the API. */
public enum CredentialRole implements Labelled {
    /** Everything, including credentials and approvals. */
    ADMIN("admin"),
    /** Certificates and enrollment tokens, within its allowed names and validity. */
    ISSUER("issuer"),
    /** Reads certificates, orders and the audit trail. */
    AUDITOR("auditor");

    private final String label;

    CredentialRole(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    /** The role named {@code label}, or {@code null}. */
    public static CredentialRole fromLabel(String label) {
        return Labelled.find(CredentialRole.class, label).orElse(null);
    }
}
