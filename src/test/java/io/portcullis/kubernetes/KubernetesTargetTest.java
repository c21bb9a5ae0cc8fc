package io.portcullis.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.ca.StartupRefusal;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubernetesTargetTest {

    @Test
    void theThreeKindsParseIntoTheirObjects() {
        List<KubernetesTarget> targets = KubernetesTarget.parseAll(List.of("ingress-nginx:protected-app/portcullis-client-ca",
                " f5:edge/client-ca.f5 ", "", "gateway-api:gw/portcullis-client-ca"));

        assertThat(targets).extracting(KubernetesTarget::kind).containsExactly(KubernetesTarget.Kind.INGRESS_NGINX,
                KubernetesTarget.Kind.F5, KubernetesTarget.Kind.GATEWAY_API);
        assertThat(targets.get(1)).isEqualTo(new KubernetesTarget(KubernetesTarget.Kind.F5, "edge", "client-ca.f5"));
        assertThat(targets).extracting(t -> t.kind().objectKind()).containsExactly("Secret", "Secret", "ConfigMap");
        assertThat(targets).extracting(t -> t.kind().secretType()).containsExactly("Opaque", "nginx.org/ca", null);
        assertThat(targets.get(0)).hasToString("ingress-nginx:protected-app/portcullis-client-ca");
    }

    @Test
    void malformedEntriesRefuseTheStartWithOneLine() {
        for (String bad : List.of("ingress-nginx:protected-app", "portcullis-client-ca", "ingress-nginx:Protected/ca",
                "ingress-nginx:ns/-ca", "ingress-nginx:ns/ca/more", "ingress-nginx:" + "n".repeat(64) + "/ca",
                "ingress-nginx:ns/ca,x")) {
            assertThatThrownBy(() -> KubernetesTarget.parseAll(List.of(bad))).as(bad).isInstanceOf(StartupRefusal.class)
                    .hasMessageStartingWith("PORTCULLIS_KUBERNETES_TARGETS").hasMessageNotContaining("\n");
        }
        assertThatThrownBy(() -> KubernetesTarget.parseAll(List.of("traefik:ns/ca"))).isInstanceOf(StartupRefusal.class)
                .hasMessageContaining("unknown kind 'traefik'");
    }

    @Test
    void theSameObjectTwiceIsRefusedEvenUnderTwoSecretKinds() {
        assertThatThrownBy(() -> KubernetesTarget.parseAll(List.of("ingress-nginx:ns/ca", "f5:ns/ca")))
                .isInstanceOf(StartupRefusal.class).hasMessageContaining("twice");
        assertThat(KubernetesTarget.parseAll(List.of("ingress-nginx:ns/ca", "gateway-api:ns/ca"))).hasSize(2);
    }

    @Test
    void retriesBackOffFromOneSecondDoublingToAMinute() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 50)).extracting(n -> TargetWorker.backoff(n).toSeconds())
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L);
    }
}
