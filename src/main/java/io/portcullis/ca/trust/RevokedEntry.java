package io.portcullis.ca.trust;

import io.portcullis.ca.RevocationReason;
import java.math.BigInteger;
import java.time.Instant;

/** One entry of a CRL: a revoked serial, when, and why. */
public record RevokedEntry(BigInteger serial, Instant revokedAt, RevocationReason reason) {
}
