package io.portcullis.crypto;

import io.portcullis.ca.CaException;
import io.portcullis.ca.CallerText;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.SubjectAltName;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/** Converts between X.509 GeneralNames and {@link SubjectAltName}, validating each name. */
public final class SubjectAltNames {

    static final int MAX_NAMES = 100;
    private static final Pattern DNS = Pattern.compile(
            "(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+");

    private SubjectAltNames() {
    }

    /** The SANs of a CSR's requested extensions; an absent extension means none. */
    static List<SubjectAltName> fromExtensions(Extensions extensions) {
        if (extensions == null) {
            return List.of();
        }
        GeneralNames names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
        if (names == null) {
            return List.of();
        }
        GeneralName[] all = names.getNames();
        if (all.length > MAX_NAMES) {
            throw BouncyCastleCsrParser.badCsr("The CSR requests " + all.length + " subject alternative names; at most "
                    + MAX_NAMES + " are allowed.");
        }
        LinkedHashSet<SubjectAltName> result = new LinkedHashSet<>();
        for (GeneralName name : all) {
            result.add(validate(fromGeneralName(name)));
        }
        return List.copyOf(result);
    }

    private static SubjectAltName fromGeneralName(GeneralName name) {
        return switch (name.getTagNo()) {
            case GeneralName.dNSName -> new SubjectAltName(SubjectAltName.Type.DNS,
                    ((ASN1String) name.getName()).getString().toLowerCase(Locale.ROOT));
            case GeneralName.rfc822Name -> new SubjectAltName(SubjectAltName.Type.EMAIL, ((ASN1String) name.getName()).getString());
            case GeneralName.uniformResourceIdentifier -> new SubjectAltName(SubjectAltName.Type.URI,
                    ((ASN1String) name.getName()).getString());
            case GeneralName.iPAddress -> new SubjectAltName(SubjectAltName.Type.IP,
                    ipText(ASN1OctetString.getInstance(name.getName()).getOctets()));
            default -> throw BouncyCastleCsrParser.badCsr("Subject alternative names of GeneralName type "
                    + name.getTagNo() + " are not supported; use DNS, IP, email or URI.");
        };
    }

    private static String ipText(byte[] octets) {
        if (octets.length != 4 && octets.length != 16) {
            throw BouncyCastleCsrParser.badCsr("An IP address SAN must have 4 or 16 octets.");
        }
        try {
            return InetAddress.getByAddress(octets).getHostAddress();
        } catch (UnknownHostException e) {
            throw BouncyCastleCsrParser.badCsr("An IP address SAN is not valid.");
        }
    }

    /**
     * Checks the syntax of one name.
     *
     * @throws CaException {@link ErrorType#BAD_CSR} when it is not acceptable
     */
    public static SubjectAltName validate(SubjectAltName san) {
        String v = san.value();
        boolean ok = switch (san.type()) {
            case DNS -> v.length() <= 253 && DNS.matcher(v).matches();
            case EMAIL -> v.length() <= 254 && isAscii(v) && EMAIL.matcher(v).matches();
            case URI -> isAscii(v) && isAbsoluteUri(v);
            case IP -> isIpLiteral(v);
        };
        if (!ok) {
            throw new CaException(ErrorType.BAD_CSR, "'" + CallerText.printable(san.toString()) + "' is not a valid subject alternative name.");
        }
        return san;
    }

    /** rfc822Name and URI are IA5Strings: anything beyond ASCII must arrive already encoded (IDNA, %-escapes). */
    private static boolean isAscii(String v) {
        return v.chars().allMatch(c -> c < 0x80);
    }

    private static boolean isAbsoluteUri(String v) {
        try {
            return v.length() <= 2048 && new URI(v).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isIpLiteral(String v) {
        if (IPV4.matcher(v).matches()) {
            return true;
        }
        if (v.indexOf(':') < 0 || !v.matches("[0-9a-fA-F:.]+")) {
            return false; // with a colon InetAddress parses an IPv6 literal and never asks DNS
        }
        try {
            InetAddress.getByName(v);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Encodes names for a certificate's subjectAltName extension. */
    static GeneralNames toGeneralNames(List<SubjectAltName> sans) {
        List<GeneralName> names = new ArrayList<>(sans.size());
        for (SubjectAltName san : sans) {
            names.add(switch (san.type()) {
                case DNS -> new GeneralName(GeneralName.dNSName, new DERIA5String(san.value(), true));
                case EMAIL -> new GeneralName(GeneralName.rfc822Name, new DERIA5String(san.value(), true));
                case URI -> new GeneralName(GeneralName.uniformResourceIdentifier, new DERIA5String(san.value(), true));
                case IP -> new GeneralName(GeneralName.iPAddress, new DEROctetString(ipOctets(san.value())));
            });
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static byte[] ipOctets(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("validated IP literal no longer parses", e);
        }
    }
}
