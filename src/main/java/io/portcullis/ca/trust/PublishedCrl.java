package io.portcullis.ca.trust;

import java.math.BigInteger;
import java.time.Instant;

/**
 * A CRL as published: what relying parties (nginx, the sidecar) need to know about it.
 *
 * @param der the signed CRL, DER
 */
public record PublishedCrl(BigInteger number, Instant thisUpdate, Instant nextUpdate, byte[] der) {
}
