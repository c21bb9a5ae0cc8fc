package io.portcullis.ca;

import java.util.Locale;
import java.util.Optional;

/**
 * The X.500 attribute types a certificate subject may carry, each with the string type it is
 * encoded as and its upper bound (RFC 5280 appendix A.1, RFC 4519, PKCS#9). A subject attribute of
 * any other type is refused, so nothing reaches a certificate that Portcullis cannot name.
 */
public enum AttributeType implements Labelled {
    CN("2.5.4.3", "CN", 64, Encoding.UTF8),
    SURNAME("2.5.4.4", "SN", 64, Encoding.UTF8),
    SERIAL_NUMBER("2.5.4.5", "SERIALNUMBER", 64, Encoding.PRINTABLE),
    C("2.5.4.6", "C", 2, Encoding.PRINTABLE),
    L("2.5.4.7", "L", 128, Encoding.UTF8),
    ST("2.5.4.8", "ST", 128, Encoding.UTF8),
    STREET("2.5.4.9", "STREET", 128, Encoding.UTF8),
    O("2.5.4.10", "O", 64, Encoding.UTF8),
    OU("2.5.4.11", "OU", 64, Encoding.UTF8),
    TITLE("2.5.4.12", "TITLE", 64, Encoding.UTF8),
    GIVEN_NAME("2.5.4.42", "GIVENNAME", 64, Encoding.UTF8),
    EMAIL_ADDRESS("1.2.840.113549.1.9.1", "EMAILADDRESS", 255, Encoding.IA5),
    UID("0.9.2342.19200300.100.1.1", "UID", 256, Encoding.UTF8),
    DC("0.9.2342.19200300.100.1.25", "DC", 63, Encoding.IA5);

    /** The ASN.1 string type a value is written as. */
    public enum Encoding {
        UTF8,
        /** PrintableString: letters, digits, space and {@code '()+,-./:=?}. */
        PRINTABLE,
        /** IA5String: ASCII. */
        IA5
    }

    private final String oid;
    private final String label;
    private final int maxLength;
    private final Encoding encoding;

    AttributeType(String oid, String label, int maxLength, Encoding encoding) {
        this.oid = oid;
        this.label = label;
        this.maxLength = maxLength;
        this.encoding = encoding;
    }

    public String oid() {
        return oid;
    }

    /** The RFC 4514 / openssl short name, e.g. {@code OU}. */
    @Override
    public String label() {
        return label;
    }

    public int maxLength() {
        return maxLength;
    }

    public Encoding encoding() {
        return encoding;
    }

    public static Optional<AttributeType> fromOid(String oid) {
        for (AttributeType type : values()) {
            if (type.oid.equals(oid)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** By short name, case-insensitively ({@code cn}, {@code emailAddress}, …). */
    public static Optional<AttributeType> fromLabel(String label) {
        return Labelled.find(AttributeType.class, label.toUpperCase(Locale.ROOT));
    }
}
