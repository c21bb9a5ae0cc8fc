package io.portcullis.ca.issuance;

import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Certificate serial numbers: 128 bits from a CSPRNG with the top bit cleared, so the number is
 * positive, carries 127 bits of entropy (CA/Browser Forum asks for at least 64) and encodes in at
 * most 17 octets (RFC 5280 allows 20). Uniqueness is enforced by the database, not assumed.
 */
@ApplicationScoped
public class SerialNumbers {

    static final int BYTES = 16;

    private final SecureRandom random = new SecureRandom();

    public BigInteger next() {
        byte[] bytes = new byte[BYTES];
        BigInteger serial;
        do {
            random.nextBytes(bytes);
            bytes[0] &= 0x7f;
            serial = new BigInteger(1, bytes);
        } while (serial.bitLength() < 64); // keeps every serial at least 8 octets, never zero
        return serial;
    }
}
