package io.portcullis.ca;

/**
 * Every way a request can fail, with the ACME error name (RFC 8555 section 6.7 and the ACME error
 * registry) that becomes the problem document's {@code type}, and the HTTP status it maps to.
 * Several entries share an ACME name where HTTP needs different statuses (401 versus 403).
 */
public enum ErrorType {
    MALFORMED("malformed", 400, "Malformed request"),
    BAD_CSR("badCSR", 400, "Unacceptable certificate signing request"),
    BAD_PUBLIC_KEY("badPublicKey", 400, "Unacceptable public key"),
    BAD_REVOCATION_REASON("badRevocationReason", 400, "Unacceptable revocation reason"),
    BAD_NONCE("badNonce", 400, "Bad nonce"),
    BAD_SIGNATURE_ALGORITHM("badSignatureAlgorithm", 400, "Unsupported signature algorithm"),
    ACCOUNT_DOES_NOT_EXIST("accountDoesNotExist", 400, "Account does not exist"),
    EXTERNAL_ACCOUNT_REQUIRED("externalAccountRequired", 400, "External account binding required"),
    UNAUTHENTICATED("unauthorized", 401, "Authentication required"),
    FORBIDDEN("unauthorized", 403, "Not allowed"),
    REJECTED_IDENTIFIER("rejectedIdentifier", 403, "Identifier not allowed"),
    NOT_FOUND("malformed", 404, "Not found"),
    METHOD_NOT_ALLOWED("malformed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("malformed", 406, "Not acceptable"),
    ALREADY_REVOKED("alreadyRevoked", 409, "Already revoked"),
    ORDER_NOT_READY("orderNotReady", 409, "Order not ready"),
    CONFLICT("malformed", 409, "Conflict"),
    PAYLOAD_TOO_LARGE("malformed", 413, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE("malformed", 415, "Unsupported media type"),
    RATE_LIMITED("rateLimited", 429, "Too many requests"),
    SERVER_INTERNAL("serverInternal", 500, "Internal server error"),
    UNAVAILABLE("serverInternal", 503, "Service unavailable");

    private static final String URN_PREFIX = "urn:ietf:params:acme:error:";

    private final String acmeName;
    private final int status;
    private final String title;

    ErrorType(String acmeName, int status, String title) {
        this.acmeName = acmeName;
        this.status = status;
        this.title = title;
    }

    /** The problem document's {@code type}, e.g. {@code urn:ietf:params:acme:error:badCSR}. */
    public String urn() {
        return URN_PREFIX + acmeName;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
