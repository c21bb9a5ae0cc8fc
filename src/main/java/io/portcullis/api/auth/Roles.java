package io.portcullis.api.auth;

/** Role names of {@code @RolesAllowed}. */
public final class Roles {

    /** Everything, including credentials and approvals. */
    public static final String ADMIN = "admin";
    /** A CI pipeline: issues certificates and enrollment tokens within its allowed names. */
    public static final String ISSUER = "issuer";
    /** Read-only access to certificates, orders and the audit trail. */
    public static final String AUDITOR = "auditor";

    private Roles() {
    }
}
