package io.portcullis.kubernetes;

import io.portcullis.ca.Labelled;
import io.portcullis.ca.StartupRefusal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One object this service keeps current, from {@code PORTCULLIS_KUBERNETES_TARGETS}
 * ({@code KIND:NAMESPACE/NAME}).
 */
public record KubernetesTarget(Kind kind, String namespace, String name) {

    /** What a relying party reads, and so which object and keys are written. */
    public enum Kind implements Labelled {
        /** ingress-nginx's {@code auth-tls-secret}: an Opaque Secret with {@code ca.crt} and {@code ca.crl}. */
        INGRESS_NGINX("ingress-nginx", "Secret", "Opaque", true),
        /** The F5 NGINX Ingress Controller's {@code ingressMTLS} Policy: a Secret of type {@code nginx.org/ca}. */
        F5("f5", "Secret", "nginx.org/ca", true),
        /** A Gateway's frontend {@code caCertificateRefs}: a ConfigMap with {@code ca.crt} only (no CRL). */
        GATEWAY_API("gateway-api", "ConfigMap", null, false);

        private final String label;
        private final String objectKind;
        private final String secretType;
        private final boolean carriesCrl;

        Kind(String label, String objectKind, String secretType, boolean carriesCrl) {
            this.label = label;
            this.objectKind = objectKind;
            this.secretType = secretType;
            this.carriesCrl = carriesCrl;
        }

        @Override
        public String label() {
            return label;
        }

        /** {@code Secret} or {@code ConfigMap}. */
        public String objectKind() {
            return objectKind;
        }

        /** The Secret's {@code type}; null for a ConfigMap. */
        public String secretType() {
            return secretType;
        }

        /** Whether the object holds {@code ca.crl} besides {@code ca.crt}. */
        public boolean carriesCrl() {
            return carriesCrl;
        }
    }

    /** RFC 1123 label (namespaces) and subdomain (object names), as the API server checks them. */
    private static final Pattern SPEC = Pattern.compile(
            "([a-z0-9-]+):([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)/([a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?)");

    /** Parses the whole setting; any malformed or repeated entry refuses the start. */
    public static List<KubernetesTarget> parseAll(List<String> entries) {
        List<KubernetesTarget> targets = new ArrayList<>();
        Set<String> objects = new HashSet<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            KubernetesTarget target = parse(entry.trim());
            if (!objects.add(target.kind().objectKind() + " " + target.namespace() + "/" + target.name())) {
                throw new StartupRefusal("PORTCULLIS_KUBERNETES_TARGETS names the " + target.kind().objectKind() + " "
                        + target.namespace() + "/" + target.name() + " twice.");
            }
            targets.add(target);
        }
        return List.copyOf(targets);
    }

    static KubernetesTarget parse(String entry) {
        Matcher m = SPEC.matcher(entry);
        if (!m.matches()) {
            throw new StartupRefusal("PORTCULLIS_KUBERNETES_TARGETS: '" + entry
                    + "' is not KIND:NAMESPACE/NAME with a lower-case namespace and name, e.g. ingress-nginx:protected-app/portcullis-client-ca.");
        }
        String kind = m.group(1).toLowerCase(Locale.ROOT);
        return Labelled.find(Kind.class, kind).map(k -> new KubernetesTarget(k, m.group(2), m.group(4)))
                .orElseThrow(() -> new StartupRefusal("PORTCULLIS_KUBERNETES_TARGETS: unknown kind '" + kind
                + "' in '" + entry + "'; use ingress-nginx, f5 or gateway-api."));
    }

    /** As written in the setting, e.g. {@code f5:protected-app/portcullis-client-ca-f5}. */
    @Override
    public String toString() {
        return kind.label + ":" + namespace + "/" + name;
    }
}
