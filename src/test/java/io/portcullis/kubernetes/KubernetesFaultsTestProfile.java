package io.portcullis.kubernetes;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Two targets behind a failing API: {@link #FAULTY} answers 500 twice, then 403 twice, then works;
 * {@link #LOCKED} is always refused (403, as a missing RoleBinding would).
 */
public class KubernetesFaultsTestProfile implements QuarkusTestProfile {

    static final KubernetesTarget FAULTY = KubernetesTarget.parse("ingress-nginx:faulty/portcullis-client-ca");
    static final KubernetesTarget LOCKED = KubernetesTarget.parse("f5:locked/portcullis-client-ca-f5");

    static String path(KubernetesTarget target) {
        return "/api/v1/namespaces/" + target.namespace() + "/secrets/" + target.name();
    }

    static String status(int code, String reason, String message) {
        return """
                {"kind":"Status","apiVersion":"v1","status":"Failure","code":%d,"reason":"%s","message":"%s"}"""
                .formatted(code, reason, message);
    }

    /** The faults, in place before the service starts. */
    public static class Faults implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            server.expect().get().withPath(path(FAULTY)).andReturn(500, status(500, "InternalError", "etcd is unhappy")).times(2);
            server.expect().get().withPath(path(FAULTY)).andReturn(403, status(403, "Forbidden", "secrets is forbidden")).times(2);
            server.expect().get().withPath(path(LOCKED))
                    .andReturn(403, status(403, "Forbidden", "secrets are forbidden for this service account")).always();
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("portcullis.kubernetes.targets", FAULTY + "," + LOCKED,
                "portcullis.kubernetes.resync-interval", "1h");
    }
}
