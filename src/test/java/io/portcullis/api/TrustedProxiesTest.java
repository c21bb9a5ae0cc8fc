package io.portcullis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.ca.StartupRefusal;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    @Test
    void matchesAddressesInsideTheBlocksOnly() {
        TrustedProxies.Block v4 = TrustedProxies.parse("10.1.0.0/16");
        assertThat(v4.contains(new byte[] {10, 1, 2, 3})).isTrue();
        assertThat(v4.contains(new byte[] {10, 2, 0, 1})).isFalse();
        TrustedProxies.Block single = TrustedProxies.parse("192.0.2.7");
        assertThat(single.contains(new byte[] {(byte) 192, 0, 2, 7})).isTrue();
        assertThat(single.contains(new byte[] {(byte) 192, 0, 2, 8})).isFalse();
        TrustedProxies.Block v6 = TrustedProxies.parse("fd00::/8");
        byte[] inside = new byte[16];
        inside[0] = (byte) 0xfd;
        assertThat(v6.contains(inside)).isTrue();
        assertThat(v6.contains(new byte[16])).isFalse();
        assertThat(v6.contains(new byte[] {(byte) 0xfd, 0, 0, 1})).as("IPv4 never matches an IPv6 block").isFalse();
    }

    @Test
    void refusesAnythingThatIsNotACidrBlock() {
        for (String bad : new String[] {"proxy.example", "10.1", "10.0.0.0/33", "10.0.0.0/x", "::1/129", "10.0.0.0/-1"}) {
            assertThatThrownBy(() -> TrustedProxies.parse(bad)).as(bad).isInstanceOf(StartupRefusal.class);
        }
    }

    @Test
    void theClientIsTheRightMostHopThatIsNotATrustedProxy() {
        TrustedProxies proxies = new TrustedProxies(List.of("10.0.0.0/8", "fd00::/8"));
        assertThat(proxies.clientAddress("10.0.0.1", List.of("198.51.100.7"))).isEqualTo("198.51.100.7");
        // nginx's $proxy_add_x_forwarded_for appends to what the client sent: the client's entries stay left of its address
        assertThat(proxies.clientAddress("10.0.0.1", List.of("203.0.113.66, 198.51.100.7"))).isEqualTo("198.51.100.7");
        // two trusted proxies in a row: the first untrusted hop from the right
        assertThat(proxies.clientAddress("10.0.0.1", List.of("203.0.113.66, 198.51.100.7, 10.0.0.2"))).isEqualTo("198.51.100.7");
        assertThat(proxies.clientAddress("10.0.0.1", List.of("203.0.113.66, 198.51.100.7", "fd00::5"))).isEqualTo("198.51.100.7");
        // a client naming a trusted address as its own gains nothing: the hop that reported it is the client
        assertThat(proxies.clientAddress("10.0.0.1", List.of("10.9.9.9, 198.51.100.7"))).isEqualTo("198.51.100.7");
        // only trusted hops: the left-most of them; garbage stops the walk at the hop that reported it
        assertThat(proxies.clientAddress("10.0.0.1", List.of("10.0.0.3, 10.0.0.2"))).isEqualTo("10.0.0.3");
        assertThat(proxies.clientAddress("10.0.0.1", List.of("198.51.100.7, proxy.example"))).isEqualTo("10.0.0.1");
        assertThat(proxies.clientAddress("10.0.0.1", List.of())).isEqualTo("10.0.0.1");
        // from an untrusted peer the header means nothing
        assertThat(proxies.clientAddress("192.0.2.9", List.of("198.51.100.7"))).isEqualTo("192.0.2.9");
    }
}
