package io.portcullis.crypto;

import io.portcullis.ca.AttributeType;
import io.portcullis.ca.NameCodec;
import io.portcullis.ca.SubjectName;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The typed encoder between {@link SubjectName} and BouncyCastle's {@link X500Name}. Values go in
 * as ASN.1 string objects, never through BouncyCastle's string parsing (which reads a leading
 * {@code #} as hex DER), and come out only when their type is one Portcullis knows.
 */
@ApplicationScoped
public class X500Names implements NameCodec {

    @Override
    public byte[] encode(SubjectName name) {
        try {
            return toX500Name(name).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("encoding a subject failed", e);
        }
    }

    @Override
    public SubjectName decode(byte[] der) {
        return fromX500Name(X500Name.getInstance(der));
    }

    /** The name with every value in its type's string type, one attribute per RDN. */
    public static X500Name toX500Name(SubjectName name) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        for (SubjectName.Attribute attribute : name.attributes()) {
            builder.addRDN(new ASN1ObjectIdentifier(attribute.type().oid()), value(attribute));
        }
        return builder.build();
    }

    private static ASN1Encodable value(SubjectName.Attribute attribute) {
        return switch (attribute.type().encoding()) {
            case UTF8 -> new DERUTF8String(attribute.value());
            case PRINTABLE -> new DERPrintableString(attribute.value(), true);
            case IA5 -> new DERIA5String(attribute.value(), true);
        };
    }

    /**
     * Reads a name from a CSR or certificate.
     *
     * @throws IllegalArgumentException naming the first attribute that is multi-valued, of an unknown
     *                                  type, not a string, or whose value is unacceptable
     */
    public static SubjectName fromX500Name(X500Name name) {
        List<SubjectName.Attribute> attributes = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            if (rdn.isMultiValued()) {
                throw new IllegalArgumentException("The subject has a multi-valued RDN ("
                        + describe(rdn.getFirst().getType()) + " with others); use one attribute per RDN.");
            }
            AttributeTypeAndValue atv = rdn.getFirst();
            Optional<AttributeType> type = AttributeType.fromOid(atv.getType().getId());
            if (type.isEmpty()) {
                throw new IllegalArgumentException("The subject attribute " + describe(atv.getType())
                        + " is not supported.");
            }
            if (!(atv.getValue() instanceof ASN1String value)) {
                throw new IllegalArgumentException("The subject attribute " + type.get().label() + " is not a string.");
            }
            attributes.add(new SubjectName.Attribute(type.get(), value.getString()));
        }
        return new SubjectName(attributes);
    }

    /** {@code O (2.5.4.10)}, or the bare OID of a type BouncyCastle has no name for. */
    private static String describe(ASN1ObjectIdentifier oid) {
        String label = BCStyle.INSTANCE.oidToDisplayName(oid);
        return label == null ? oid.getId() : label + " (" + oid.getId() + ")";
    }
}
