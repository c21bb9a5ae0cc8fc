package io.portcullis.api.auth;

import io.portcullis.enrollment.Orders;

/** Role names of {@code @RolesAllowed}. */
public final class Roles {

    /** Everything, including credentials and approvals. */
    public static final String ADMIN = "admin";
    /** A CI pipeline: issues certificates and enrollment tokens within its allowed names. */
    public static final String ISSUER = "issuer";
    /** Read-only access to certificates, orders and the audit trail. */
    public static final String AUDITOR = "auditor";
    /** A device holding an enrollment token: creates and reads its own orders, nothing else. */
    public static final String ENROLLMENT = Orders.ENROLLMENT_ROLE;

    private Roles() {
    }
}
