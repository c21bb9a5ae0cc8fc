package io.portcullis.kubernetes;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.portcullis.ca.trust.PublishedCrl;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** An API server nobody answers on: one clear failure per attempt, no secret in it, the retries left to the sync. */
class UnreachableApiTest {

    @Test
    void aClosedPortIsReportedAsUnreachable() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        KubernetesTarget target = KubernetesTarget.parse("ingress-nginx:ns/ca");
        PublishedCrl crl = new PublishedCrl(BigInteger.ONE, Instant.now(), Instant.now().plus(1, ChronoUnit.DAYS), new byte[] {0x30, 0});
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                .withMasterUrl("http://127.0.0.1:" + closed).withOauthToken("sa-token-never-shown")
                .withRequestRetryBackoffLimit(0).withConnectionTimeout(2000).build()).build()) {
            assertThatThrownBy(() -> new TrustObjectWriter(client, Clock.systemUTC()).write(target, "", crl))
                    .isInstanceOf(KubernetesSyncException.class)
                    .hasMessageStartingWith("cannot reach the Kubernetes API for the Secret ns/ca")
                    .hasMessageNotContaining("sa-token-never-shown");
        }
    }
}
