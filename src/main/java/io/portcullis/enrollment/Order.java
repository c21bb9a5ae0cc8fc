package io.portcullis.enrollment;

import io.portcullis.ca.SubjectAltName;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A CSR on its way to a certificate.
 *
 * @param tokenId         the enrollment token it was made with, or {@code null} for open enrollment
 * @param csr             the CSR, DER; kept so an administrator's approval can issue later
 * @param validity        lifetime to issue with, or {@code null} for the default
 * @param serial          the issued certificate, once {@link OrderStatus#VALID}
 * @param expiresAt       when a pending order becomes invalid
 * @param invalidReason   {@code rejected} or {@code expired} for an invalid order
 * @param rejectionReason the administrator's words when rejected
 */
public record Order(
        String id,
        String tokenId,
        OrderStatus status,
        String commonName,
        List<SubjectAltName> subjectAltNames,
        byte[] csr,
        Duration validity,
        BigInteger serial,
        String createdBy,
        Instant createdAt,
        Instant expiresAt,
        String decidedBy,
        Instant decidedAt,
        String invalidReason,
        String rejectionReason) {

    public static final String REJECTED = "rejected";
    public static final String EXPIRED = "expired";

    public Order {
        subjectAltNames = List.copyOf(subjectAltNames);
    }

    /**
     * The order as it stands at {@code now}: a pending order past its expiry is invalid even before
     * the expiry job has written so.
     */
    public Order at(Instant now) {
        if (status == OrderStatus.PENDING && !now.isBefore(expiresAt)) {
            return new Order(id, tokenId, OrderStatus.INVALID, commonName, subjectAltNames, csr, validity, serial,
                    createdBy, createdAt, expiresAt, decidedBy, decidedAt, EXPIRED, rejectionReason);
        }
        return this;
    }

    Order issued(BigInteger issuedSerial, String by, Instant at) {
        return new Order(id, tokenId, OrderStatus.VALID, commonName, subjectAltNames, csr, validity, issuedSerial,
                createdBy, createdAt, expiresAt, by, at, null, null);
    }

    Order rejected(String reason, String by, Instant at) {
        return new Order(id, tokenId, OrderStatus.INVALID, commonName, subjectAltNames, csr, validity, null,
                createdBy, createdAt, expiresAt, by, at, REJECTED, reason);
    }
}
