package io.portcullis.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.support.Openssl;
import io.portcullis.support.OpensslCa;
import io.portcullis.support.TrustEndpoints;
import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The sidecar's fetch and verification against a real HTTP server and CRLs made by {@code openssl ca}. */
class RemoteTrustMaterialTest {

    final Openssl openssl = Openssl.inTempDir();
    final OpensslCa ca = OpensslCa.create(openssl, "remote");

    @Test
    void acceptsACrlSignedByTheBundleAndUsesConditionalGets() {
        try (TrustEndpoints endpoints = TrustEndpoints.start(openssl.read(ca.certificate()), ca.crlDer())) {
            RemoteTrustMaterial remote = new RemoteTrustMaterial(endpoints.url() + "/");

            assertThat(remote.refresh()).isTrue();
            assertThat(remote.caBundlePem()).isEqualTo(openssl.read(ca.certificate()));
            assertThat(remote.currentCrl().orElseThrow().number()).isEqualTo(BigInteger.ONE);
            assertThat(remote.currentCrl().orElseThrow().nextUpdate()).isAfter(Instant.now());

            assertThat(remote.refresh()).isFalse();
            assertThat(endpoints.notModified()).isEqualTo(2);

            ca.revoke(ca.issue("phone"));
            endpoints.publish(openssl.read(ca.certificate()), ca.crlDer());
            assertThat(remote.refresh()).isTrue();
            assertThat(remote.currentCrl().orElseThrow().number()).isEqualTo(BigInteger.TWO);
        }
    }

    @Test
    void refusesACrlFromAnotherCaAndKeepsTheLastGoodOne() {
        OpensslCa rogue = OpensslCa.create(openssl, "rogue");
        try (TrustEndpoints endpoints = TrustEndpoints.start(openssl.read(ca.certificate()), ca.crlDer())) {
            RemoteTrustMaterial remote = new RemoteTrustMaterial(endpoints.url());
            remote.refresh();

            endpoints.publish(openssl.read(ca.certificate()), rogue.crlDer());

            assertThatThrownBy(remote::refresh).isInstanceOf(NginxException.class)
                    .hasMessageContaining("not signed by a certificate of the CA bundle");
            assertThat(remote.currentCrl().orElseThrow().number()).isEqualTo(BigInteger.ONE);
        }
    }

    @Test
    void refusesACrlWhoseNumberGoesBackwards() {
        byte[] first = ca.crlDer();
        byte[] second = ca.crlDer();
        try (TrustEndpoints endpoints = TrustEndpoints.start(openssl.read(ca.certificate()), second)) {
            RemoteTrustMaterial remote = new RemoteTrustMaterial(endpoints.url());
            remote.refresh();

            endpoints.publish(openssl.read(ca.certificate()), first);

            assertThatThrownBy(remote::refresh).isInstanceOf(NginxException.class).hasMessageContaining("older");
            assertThat(remote.currentCrl().orElseThrow().number()).isEqualTo(BigInteger.TWO);
        }
    }

    @Test
    void anUnreachableCaKeepsTheLastSnapshot() {
        try (TrustEndpoints endpoints = TrustEndpoints.start(openssl.read(ca.certificate()), ca.crlDer())) {
            RemoteTrustMaterial remote = new RemoteTrustMaterial(endpoints.url());
            assertThatThrownBy(() -> new RemoteTrustMaterial("http://127.0.0.1:1").refresh())
                    .isInstanceOf(NginxException.class).hasMessageContaining("cannot reach the CA");
            remote.refresh();

            endpoints.pause();

            assertThatThrownBy(remote::refresh).isInstanceOf(NginxException.class).hasMessageContaining("cannot reach the CA");
            assertThat(remote.hasSnapshot()).isTrue();
            assertThat(remote.currentCrl().orElseThrow().number()).isEqualTo(BigInteger.ONE);
            endpoints.resume();
        }
    }
}
