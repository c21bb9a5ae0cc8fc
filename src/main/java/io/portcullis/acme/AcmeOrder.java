package io.portcullis.acme;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * An ACME order (RFC 8555 section 7.1.3). Its authorizations are valid from the start, so it is
 * {@code ready} until finalized; {@code processing} while an enrollment order awaits an administrator.
 *
 * @param enrollmentOrderId the enrollment order a token's account finalized into, or {@code null}
 * @param serial            the issued certificate once {@code valid}
 */
public record AcmeOrder(String id, String accountId, String status, List<Identifier> identifiers, Instant expiresAt,
        String enrollmentOrderId, BigInteger serial, Instant createdAt, List<String> authorizationIds) {

    public static final String READY = "ready";
    public static final String PROCESSING = "processing";
    public static final String VALID = "valid";
    public static final String INVALID = "invalid";

    public AcmeOrder {
        identifiers = List.copyOf(identifiers);
        authorizationIds = List.copyOf(authorizationIds);
    }

    /** The status as of {@code now}: an order not finalized in time is invalid. */
    public String statusAt(Instant now) {
        return READY.equals(status) && !now.isBefore(expiresAt) ? INVALID : status;
    }
}
