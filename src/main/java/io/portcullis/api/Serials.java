package io.portcullis.api;

import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import java.math.BigInteger;
import java.util.Locale;

/** Parses serial numbers from URLs, accepting openssl's spellings ({@code 3F:2A:…}, leading zeros). */
final class Serials {

    private Serials() {
    }

    static BigInteger parse(String text) {
        String hex = text.replace(":", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{1,42}")) {
            throw new CaException(ErrorType.MALFORMED, "A serial number is 1 to 40 hexadecimal digits.");
        }
        BigInteger serial = new BigInteger(hex, 16);
        if (serial.signum() == 0 || serial.bitLength() > 159) {
            throw new CaException(ErrorType.NOT_FOUND, "No certificate with serial " + hex + ".");
        }
        return serial;
    }
}
