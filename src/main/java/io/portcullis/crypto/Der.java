package io.portcullis.crypto;

import java.io.ByteArrayOutputStream;

/** The few DER primitives needed to assemble structures too large to build as ASN.1 objects. */
final class Der {

    static final int SEQUENCE = 0x30;
    static final int BIT_STRING = 0x03;
    /** {@code [0] EXPLICIT}, constructed. */
    static final int CONTEXT_0 = 0xa0;

    private Der() {
    }

    /** Tag and definite length of a value of {@code length} octets. */
    static byte[] header(int tag, long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(6);
        out.write(tag);
        if (length < 0x80) {
            out.write((int) length);
        } else {
            int octets = (64 - Long.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                out.write((int) (length >>> (8 * i)));
            }
        }
        return out.toByteArray();
    }
}
