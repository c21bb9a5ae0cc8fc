package io.portcullis.ca;

import java.time.Duration;

/**
 * What enrols a new device with its first certificate, and the policy every later renewal stays
 * within.
 *
 * @param credentialId the issuer credential whose scope the device is enrolled under (directly, or
 *                     through an enrollment token it created), or {@code null}; once that credential
 *                     is deleted the device can no longer renew itself
 * @param tokenId      the enrollment token spent on it, or {@code null}
 * @param orderId      the order it was issued for, or {@code null}
 * @param maxLifetime  the cap on any renewal's lifetime (the token's validity or the issuer's
 *                     maximum), or {@code null} for the service's maximum
 */
public record Enrolment(String credentialId, String tokenId, String orderId, Duration maxLifetime) {

    private static final String ISSUER_PREFIX = LifecyclePolicy.ISSUER + ":";

    /** A certificate an administrator or issuer asked for directly; an issuer's cap is its credential's. */
    public static Enrolment byCredential(Actor actor, Duration maxValidity) {
        boolean issuer = LifecyclePolicy.ISSUER.equals(actor.role());
        return new Enrolment(issuer ? actor.id() : null, null, null, issuer ? maxValidity : null);
    }

    /**
     * A certificate for an order, with or without an enrollment token; {@code tokenCreator} is the
     * token's creating actor as {@code role:id}, {@code validity} the lifetime the order grants.
     */
    public static Enrolment byOrder(String orderId, String tokenId, String tokenCreator, Duration validity) {
        String credential = tokenCreator != null && tokenCreator.startsWith(ISSUER_PREFIX)
                ? tokenCreator.substring(ISSUER_PREFIX.length()) : null;
        return new Enrolment(credential, tokenId, orderId, validity);
    }
}
