package io.portcullis.kubernetes;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Three targets of the three kinds, written again every 2 s. */
public class KubernetesTestProfile implements QuarkusTestProfile {

    static final KubernetesTarget INGRESS = KubernetesTarget.parse("ingress-nginx:protected-app/portcullis-client-ca");
    static final KubernetesTarget F5 = KubernetesTarget.parse("f5:protected-app/portcullis-client-ca-f5");
    static final KubernetesTarget GATEWAY = KubernetesTarget.parse("gateway-api:gateway/portcullis-client-ca");

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("portcullis.kubernetes.targets", INGRESS + "," + F5 + "," + GATEWAY,
                "portcullis.kubernetes.resync-interval", "2s");
    }
}
