package io.portcullis.kubernetes;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/** Helpers for the tests against fabric8's Kubernetes mock server (quarkus-test-kubernetes-client). */
final class MockCluster {

    /**
     * JVM-wide system properties the mock server's test resource sets for the client (and never
     * removes); {@code quarkus.tls.trust-all} among them would weaken every later test in this JVM.
     */
    private static final List<String> RESOURCE_PROPERTIES = List.of("kubernetes.master", "kubernetes.trust.certificates",
            "quarkus.tls.trust-all", "kubernetes.auth.tryKubeConfig", "kubernetes.auth.tryServiceAccount",
            "kubernetes.namespace", "http2.disable");

    private MockCluster() {
    }

    static void clearSystemProperties() {
        RESOURCE_PROPERTIES.forEach(System::clearProperty);
    }

    /** A Secret's value, decoded; null when the key is absent. */
    static String data(Secret secret, String key) {
        String value = secret.getData() == null ? null : secret.getData().get(key);
        return value == null ? null : new String(Base64.getDecoder().decode(value), StandardCharsets.US_ASCII);
    }

    /** Polls until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    static void await(Duration timeout, String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Boolean.TRUE.equals(condition.get())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
