package io.portcullis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.ca.StartupRefusal;
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
}
