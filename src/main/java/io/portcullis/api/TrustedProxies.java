package io.portcullis.api;

import io.portcullis.ca.StartupRefusal;
import io.portcullis.config.PortcullisConfig;
import io.quarkus.runtime.Startup;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * {@code PORTCULLIS_TRUSTED_PROXIES}: the CIDR blocks whose forwarded client certificate header and
 * {@code X-Forwarded-For} are believed. The certificate header is believed only from a TCP peer in
 * these blocks; {@code X-Forwarded-For} is read from the right only as far as its hops are in them
 * (the rest is the client's own). A malformed entry stops the service at startup.
 */
@Startup
@Singleton
public class TrustedProxies {

    /** One CIDR block. */
    record Block(byte[] network, int prefix) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final List<Block> blocks;

    @Inject
    public TrustedProxies(PortcullisConfig config) {
        this(config.trustedProxies().orElse(List.of()));
    }

    TrustedProxies(List<String> cidrs) {
        this.blocks = cidrs.stream().map(String::trim).filter(s -> !s.isEmpty()).map(TrustedProxies::parse).toList();
    }

    /** Whether the peer with this textual IP address is a trusted proxy. */
    public boolean contains(String peerAddress) {
        if (blocks.isEmpty() || peerAddress == null) {
            return false;
        }
        byte[] address = literal(peerAddress);
        return address != null && blocks.stream().anyMatch(b -> b.contains(address));
    }

    /**
     * The client's address: the TCP peer, or, when the peer is a trusted proxy, the right-most
     * {@code X-Forwarded-For} entry that is not itself a trusted proxy (walking left only while the
     * hop that reported an entry is trusted, as nginx's {@code real_ip_recursive} does). Entries left
     * of that hop were written by the client and are never believed. Rate limits and the audit trail
     * both use it.
     */
    public String clientAddress(HttpServerRequest request) {
        String peer = request.connection().remoteAddress() == null ? "" : request.connection().remoteAddress().hostAddress();
        return clientAddress(peer, request.headers().getAll(FORWARDED_FOR));
    }

    /** {@link #clientAddress(HttpServerRequest)} for a peer and its {@code X-Forwarded-For} header lines. */
    String clientAddress(String peer, List<String> forwardedFor) {
        List<String> hops = forwardedFor.stream().flatMap(line -> Arrays.stream(line.split(",", -1))).map(String::trim).toList();
        String client = peer;
        for (int i = hops.size() - 1; i >= 0 && contains(client); i--) {
            String hop = hops.get(i);
            if (literal(hop) == null) {
                break; // garbage from a trusted hop's client: the trusted hop saw that client as itself
            }
            client = hop;
        }
        return client;
    }

    static Block parse(String cidr) {
        int slash = cidr.indexOf('/');
        byte[] network = literal(slash < 0 ? cidr : cidr.substring(0, slash));
        if (network == null) {
            throw refusal(cidr);
        }
        int prefix = network.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw refusal(cidr);
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw refusal(cidr);
            }
        }
        return new Block(network, prefix);
    }

    /** The address bytes of an IP literal (IPv4-mapped IPv6 becomes IPv4), or null; never a DNS lookup. */
    private static byte[] literal(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (t.isEmpty() || !t.matches("[0-9a-fA-F:.]+") || !(t.contains(".") || t.contains(":"))) {
            return null;
        }
        if (!t.contains(":") && !t.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null; // InetAddress would read "10.1" as 10.0.0.1
        }
        try {
            return InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static StartupRefusal refusal(String cidr) {
        return new StartupRefusal("PORTCULLIS_TRUSTED_PROXIES entry '" + cidr + "' is not an IP address or CIDR block"
                + " such as 10.0.0.0/8 or fd00::/8.");
    }
}
