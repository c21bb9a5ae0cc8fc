package io.portcullis.credential;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An address range an issuer may certify IP names in, written in CIDR notation
 * ({@code 192.0.2.0/24}, {@code 2001:db8::/32}) or as one address.
 */
public record IpRange(String text, byte[] network, int prefixLength) {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    /** Parses a range, or returns {@code null} if it is not one (also when host bits are set). */
    public static IpRange parse(String text) {
        if (text == null || text.length() > 64) {
            return null;
        }
        int slash = text.indexOf('/');
        byte[] address = literal(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            return null;
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = text.substring(slash + 1);
            if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
                return null;
            }
            prefix = Integer.parseInt(length);
        }
        BigInteger value = new BigInteger(1, address);
        if (prefix < bits && value.and(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE)).signum() != 0) {
            return null;
        }
        return new IpRange(text, address, prefix);
    }

    /** Whether an IP literal lies in the range; addresses of the other family never do. */
    public boolean contains(String ip) {
        byte[] address = literal(ip);
        if (address == null || address.length != network.length) {
            return false;
        }
        int bits = address.length * 8;
        return new BigInteger(1, address).shiftRight(bits - prefixLength)
                .equals(new BigInteger(1, network).shiftRight(bits - prefixLength));
    }

    /** The octets of an IPv4 or IPv6 literal; never a DNS lookup. */
    private static byte[] literal(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && (text.indexOf(':') < 0 || !text.matches("[0-9a-fA-F:.]+"))) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
