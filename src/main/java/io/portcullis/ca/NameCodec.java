package io.portcullis.ca;

/** Port: writes a {@link SubjectName} as a DER X.500 Name with a typed encoder per attribute, and reads one back. */
public interface NameCodec {

    /** The DER Name, each value in its type's ASN.1 string type, one attribute per RDN. */
    byte[] encode(SubjectName name);

    /**
     * Reads a DER Name.
     *
     * @throws IllegalArgumentException naming the first attribute that is multi-valued, of an unknown
     *                                  type, not a string, or whose value is unacceptable
     */
    SubjectName decode(byte[] der);
}
