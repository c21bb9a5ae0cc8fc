package io.portcullis.ca.trust;

import java.time.Duration;
import java.time.Instant;

/**
 * How the served CRL stands against the refresh schedule: every CRL is replaced at half-life, so a
 * CRL past that point means refreshes are failing, long before relying parties see it expire.
 * A CRL overdue by more than {@link #GRACE_FRACTION} of its validity (10.5 hours for the default
 * seven days, when 3 days are still left) is stale: the health check goes DOWN.
 */
public record CrlFreshness(Instant refreshDue, Instant nextUpdate, Duration overdue, boolean stale) {

    /** Part of the validity a refresh may be late before it is alarming: several scheduler ticks at any validity. */
    public static final int GRACE_FRACTION = 16;

    public static CrlFreshness of(PublishedCrl crl, Instant now) {
        Duration validity = Duration.between(crl.thisUpdate(), crl.nextUpdate());
        Instant refreshDue = crl.thisUpdate().plus(validity.dividedBy(2));
        Duration overdue = now.isAfter(refreshDue) ? Duration.between(refreshDue, now) : Duration.ZERO;
        return new CrlFreshness(refreshDue, crl.nextUpdate(), overdue,
                overdue.compareTo(validity.dividedBy(GRACE_FRACTION)) > 0);
    }
}
