package io.portcullis.ca;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Why a certificate was revoked: the CRLReason values of RFC 5280 section 5.3.1 that apply to the
 * leaves Portcullis issues, with their codes. {@code certificateHold} (6) is deliberately absent:
 * a revocation here is final. {@code cACompromise} (2), {@code removeFromCRL} (8) and
 * {@code aACompromise} (10) do not apply to leaves.
 */
public enum RevocationReason {
    UNSPECIFIED("unspecified", 0),
    KEY_COMPROMISE("keyCompromise", 1),
    AFFILIATION_CHANGED("affiliationChanged", 3),
    SUPERSEDED("superseded", 4),
    CESSATION_OF_OPERATION("cessationOfOperation", 5),
    PRIVILEGE_WITHDRAWN("privilegeWithdrawn", 9);

    private final String rfcName;
    private final int code;

    RevocationReason(String rfcName, int code) {
        this.rfcName = rfcName;
        this.code = code;
    }

    /** The RFC 5280 name, e.g. {@code keyCompromise}: the API and database spelling. */
    public String rfcName() {
        return rfcName;
    }

    /** The CRLReason ENUMERATED value. */
    public int code() {
        return code;
    }

    /**
     * Parses an RFC 5280 name; a missing reason means {@code unspecified}.
     *
     * @throws CaException {@link ErrorType#BAD_REVOCATION_REASON} for anything else
     */
    public static RevocationReason fromName(String name) {
        if (name == null) {
            return UNSPECIFIED;
        }
        return Arrays.stream(values())
                .filter(r -> r.rfcName.equals(name))
                .findFirst()
                .orElseThrow(() -> new CaException(ErrorType.BAD_REVOCATION_REASON, "reason must be one of "
                        + Arrays.stream(values()).map(RevocationReason::rfcName).collect(Collectors.joining(", "))
                        + " (RFC 5280 section 5.3.1; certificateHold is not supported)."));
    }
}
