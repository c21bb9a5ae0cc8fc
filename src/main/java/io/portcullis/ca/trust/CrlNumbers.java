package io.portcullis.ca.trust;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.util.Arrays;
import java.util.Optional;

/** Reads the cRLNumber extension (RFC 5280 §5.2.3) of a parsed CRL. */
public final class CrlNumbers {

    private static final String CRL_NUMBER_OID = "2.5.29.20";

    private CrlNumbers() {
    }

    /** The number: an OCTET STRING wrapping an INTEGER of at most 20 octets; empty when absent or malformed. */
    public static Optional<BigInteger> of(X509CRL crl) {
        byte[] ext = crl.getExtensionValue(CRL_NUMBER_OID);
        if (ext == null || ext.length < 5 || ext[0] != 0x04 || ext[2] != 0x02 || ext[3] < 1 || ext[3] > 20
                || ext.length != 4 + ext[3]) {
            return Optional.empty();
        }
        return Optional.of(new BigInteger(Arrays.copyOfRange(ext, 4, ext.length)));
    }
}
