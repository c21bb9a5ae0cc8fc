package io.portcullis.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.portcullis.config.PortcullisConfig;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Offline validation of {@code deploy/}: no cluster and no downloaded binaries. The kustomizations
 * are resolved the way kustomize does (every {@code resources} entry is a file or a directory with
 * its own kustomization.yaml), every document is parsed, and the structure a deployment relies on
 * (probes, security contexts, Secret references, selectors, the ingress annotations) is asserted. Where {@code kubectl} happens to be installed, {@code kubectl kustomize} must agree.
 */
@SuppressWarnings("unchecked")
class DeploymentManifestsTest {

    static final Path KUBERNETES = Path.of("deploy/kubernetes");

    @Test
    void kustomizationsResolveAndEveryDocumentIsAWellFormedObject() throws IOException {
        List<Map<String, Object>> documents = resolve(KUBERNETES);

        assertThat(documents).hasSize(21);
        for (Map<String, Object> doc : documents) {
            assertThat(doc.get("apiVersion")).as("apiVersion of %s", doc).isInstanceOf(String.class);
            assertThat(doc.get("kind")).as("kind of %s", doc).isInstanceOf(String.class);
            assertThat(map(doc, "metadata").get("name")).as("name of %s", doc.get("kind")).isInstanceOf(String.class);
        }
        assertThat(kinds(documents)).containsExactly("ConfigMap", "Deployment", "Gateway", "HTTPRoute", "Ingress", "Namespace",
                "PodDisruptionBudget", "Policy", "Role", "RoleBinding", "Service", "ServiceAccount", "VirtualServer");
    }

    @Test
    void caDeploymentIsHighlyAvailableProbedAndLockedDown() throws IOException {
        Map<String, Object> deployment = find(resolve(KUBERNETES.resolve("ca")), "Deployment", "portcullis-ca");
        Map<String, Object> spec = map(deployment, "spec");
        Map<String, Object> pod = map(map(spec, "template"), "spec");
        Map<String, Object> container = list(pod, "containers").get(0);

        assertThat(spec.get("replicas")).isEqualTo(2);
        assertThat(map(pod, "securityContext")).containsEntry("runAsNonRoot", true);
        assertThat(map(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false);
        // a read-only root keeps a writable /tmp: AWS-LC's native library is extracted to java.io.tmpdir
        String tmpVolume = list(container, "volumeMounts").stream().filter(m -> "/tmp".equals(m.get("mountPath")))
                .map(m -> (String) m.get("name")).findFirst().orElseThrow(() -> new AssertionError("no /tmp mount"));
        assertThat(list(pod, "volumes")).anyMatch(v -> tmpVolume.equals(v.get("name")) && v.containsKey("emptyDir"));
        assertThat(list(container, "env")).noneMatch(e -> "PORTCULLIS_CRYPTO_PROVIDER".equals(e.get("name"))
                && "bouncycastle".equals(e.get("value")));
        assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/q/health/ready");
        assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/q/health/live");
        assertThat(path(container, "startupProbe", "httpGet", "path")).isEqualTo("/q/health/started");
        assertThat(map(map(container, "resources"), "requests")).containsKeys("cpu", "memory");
        assertThat(map(map(container, "resources"), "limits")).containsKey("memory");
        Set<String> secretKeys = new TreeSet<>();
        for (Map<String, Object> env : list(container, "env")) {
            if (env.get("valueFrom") instanceof Map<?, ?> from && from.get("secretKeyRef") instanceof Map<?, ?> ref) {
                assertThat(ref.get("name")).isEqualTo("portcullis-secrets");
                secretKeys.add(env.get("name").toString());
            }
        }
        assertThat(secretKeys).containsExactly("PORTCULLIS_ADMIN_TOKEN", "PORTCULLIS_CA_PASSPHRASE", "QUARKUS_DATASOURCE_PASSWORD");

        List<Map<String, Object>> ca = resolve(KUBERNETES.resolve("ca"));
        Map<String, Object> pdb = find(ca, "PodDisruptionBudget", "portcullis-ca");
        assertThat(map(pdb, "spec")).containsEntry("minAvailable", 1);
        assertThat(path(pdb, "spec", "selector", "matchLabels")).isEqualTo(path(spec, "selector", "matchLabels"));
        Map<String, Object> service = find(ca, "Service", "portcullis");
        assertThat(map(service, "spec").get("selector")).isEqualTo(path(spec, "selector", "matchLabels"));
        assertThat(ca).noneMatch(d -> "Secret".equals(d.get("kind")));
    }

    @Test
    void protectedAppRunsNginxWithTheSidecarSharingFilesAndProcesses() throws IOException {
        List<Map<String, Object>> app = resolve(KUBERNETES.resolve("protected-app"));
        Map<String, Object> pod = map(map(map(find(app, "Deployment", "protected-app"), "spec"), "template"), "spec");

        assertThat(pod).containsEntry("shareProcessNamespace", true);
        Map<String, Object> sidecar = list(pod, "initContainers").get(0);
        assertThat(sidecar).containsEntry("restartPolicy", "Always");
        assertThat(path(sidecar, "startupProbe", "httpGet", "path")).isEqualTo("/q/health/ready");
        Map<String, Object> nginx = list(pod, "containers").stream().filter(c -> "nginx".equals(c.get("name"))).findFirst()
                .orElseThrow();
        assertThat(String.join(" ", strings(nginx.get("command")))).contains("-p /portcullis/nginx/")
                .contains("-c /portcullis/nginx/nginx.conf").contains("daemon off;");
        assertThat(mountPaths(sidecar, "nginx-files")).containsExactly("/portcullis/nginx");
        assertThat(mountPaths(nginx, "nginx-files")).containsExactly("/portcullis/nginx");
        assertThat(list(pod, "volumes")).anyMatch(v -> "nginx-files".equals(v.get("name")) && v.containsKey("emptyDir"));

        Map<String, Object> settings = map(find(app, "ConfigMap", "portcullis-sidecar"), "data");
        assertThat(settings).containsEntry("PORTCULLIS_ROLE", "sidecar").containsEntry("PORTCULLIS_NGINX_ENABLED", "true")
                .containsEntry("PORTCULLIS_NGINX_DIR", "/portcullis/nginx");
        assertThat(settings.get("QUARKUS_HTTP_PORT")).as("the sidecar must not take nginx's ports")
                .isNotIn(settings.get("PORTCULLIS_NGINX_HTTP_PORT"), settings.get("PORTCULLIS_NGINX_HTTPS_PORT"));
    }

    @Test
    void ingressExamplesCheckClientCertificatesWithTheCaAndTheCrl() throws IOException {
        Map<String, Object> ingress = find(resolve(KUBERNETES.resolve("ingress-nginx")), "Ingress", "protected-app");
        Map<String, Object> annotations = map(map(ingress, "metadata"), "annotations");
        assertThat(annotations).containsEntry("nginx.ingress.kubernetes.io/auth-tls-secret", "protected-app/portcullis-client-ca")
                .containsEntry("nginx.ingress.kubernetes.io/auth-tls-verify-client", "on")
                .containsEntry("nginx.ingress.kubernetes.io/auth-tls-pass-certificate-to-upstream", "true");

        List<Map<String, Object>> f5 = resolve(KUBERNETES.resolve("f5-nginx-ingress"));
        Map<String, Object> mtls = (Map<String, Object>) path(find(f5, "Policy", "portcullis-mtls"), "spec", "ingressMTLS");
        assertThat(mtls).containsEntry("clientCertSecret", "portcullis-client-ca-f5").containsEntry("verifyClient", "on");
        // the Secrets are the CA's to create and keep current: no placeholder that re-applying would put back
        assertThat(resolve(KUBERNETES)).noneMatch(d -> "Secret".equals(d.get("kind")));
        assertThat(list(map(find(f5, "VirtualServer", "protected-app"), "spec"), "policies"))
                .anyMatch(p -> "portcullis-mtls".equals(p.get("name")));
    }

    @Test
    void theCaMayWriteExactlyItsTargetsAndTheControllersReadThem() throws IOException {
        List<Map<String, Object>> all = resolve(KUBERNETES);
        Map<String, Object> ca = map(map(find(all, "Deployment", "portcullis-ca"), "spec"), "template");
        assertThat(map(ca, "spec")).containsEntry("serviceAccountName", "portcullis-ca")
                .containsEntry("automountServiceAccountToken", true);
        find(resolve(KUBERNETES.resolve("ca")), "ServiceAccount", "portcullis-ca");

        // every target of the CA's setting: KIND:NAMESPACE/NAME
        String targets = map(find(all, "ConfigMap", "portcullis-ca"), "data").get("PORTCULLIS_KUBERNETES_TARGETS").toString();
        Map<String, String> resourceOf = Map.of("ingress-nginx", "secrets", "f5", "secrets", "gateway-api", "configmaps");
        Map<String, String> exampleOf = Map.of("ingress-nginx", "ingress-nginx", "f5", "f5-nginx-ingress", "gateway-api", "gateway-api");
        Set<String> targetNames = new TreeSet<>();
        for (String target : targets.split(",")) {
            Matcher m = Pattern.compile("([a-z0-9-]+):([a-z0-9-]+)/([a-z0-9.-]+)").matcher(target.trim());
            assertThat(m.matches()).as(target).isTrue();
            String kind = m.group(1);
            String name = m.group(3);
            targetNames.add(name);
            List<Map<String, Object>> example = resolve(KUBERNETES.resolve(exampleOf.get(kind)));
            assertThat(load(KUBERNETES.resolve(exampleOf.get(kind)).resolve("kustomization.yaml")).get(0))
                    .containsEntry("namespace", m.group(2));
            Map<String, Object> role = example.stream().filter(d -> "Role".equals(d.get("kind"))).findFirst().orElseThrow();
            List<Map<String, Object>> rules = list(role, "rules");
            assertThat(rules).allSatisfy(rule -> {
                assertThat(strings(rule.get("apiGroups"))).containsExactly("");
                assertThat(strings(rule.get("resources"))).containsExactly(resourceOf.get(kind));
                assertThat(strings(rule.get("verbs"))).isSubsetOf("get", "create", "update", "patch");
                if (strings(rule.get("verbs")).equals(List.of("create"))) {
                    assertThat(rule).doesNotContainKey("resourceNames"); // create is never matched by name
                } else {
                    assertThat(strings(rule.get("resourceNames"))).containsExactly(name);
                }
            });
            assertThat(rules).flatExtracting(r -> strings(r.get("verbs"))).contains("get", "update", "create");
            Map<String, Object> binding = example.stream().filter(d -> "RoleBinding".equals(d.get("kind"))).findFirst().orElseThrow();
            assertThat(map(binding, "roleRef")).containsEntry("kind", "Role").containsEntry("name", map(role, "metadata").get("name"));
            assertThat(list(binding, "subjects")).containsExactly(
                    Map.of("kind", "ServiceAccount", "name", "portcullis-ca", "namespace", "portcullis"));
        }
        assertThat(targetNames).hasSize(3);

        assertThat(map(map(find(all, "Ingress", "protected-app"), "metadata"), "annotations"))
                .containsEntry("nginx.ingress.kubernetes.io/auth-tls-secret", "protected-app/portcullis-client-ca");
        assertThat(path(find(all, "Policy", "portcullis-mtls"), "spec", "ingressMTLS", "clientCertSecret"))
                .isEqualTo("portcullis-client-ca-f5");
        assertThat((List<Object>) path(find(all, "Gateway", "protected-app"), "spec", "tls", "frontend", "default", "validation",
                "caCertificateRefs")).containsExactly(Map.of("group", "", "kind", "ConfigMap", "name", "portcullis-client-ca-gateway"));
        assertThat(targetNames).contains("portcullis-client-ca", "portcullis-client-ca-f5", "portcullis-client-ca-gateway");
    }

    @Test
    void everyPortcullisSettingInTheManifestsExists() throws IOException {
        Set<String> known = new TreeSet<>();
        settings(PortcullisConfig.class, "PORTCULLIS", known);
        Set<String> used = new TreeSet<>();
        Pattern key = Pattern.compile("\\bPORTCULLIS_[A-Z0-9_]+");
        try (Stream<Path> files = Files.walk(Path.of("deploy"))) {
            // deploy/scripts, and the systemd timer and cron line that run its renew mode, run on devices and
            // read the script's own variables, not the service's settings
            List<Path> device = List.of(Path.of("deploy", "scripts"), Path.of("deploy", "systemd"), Path.of("deploy", "cron"));
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> device.stream().noneMatch(f::startsWith)).toList()) {
                Matcher m = key.matcher(Files.readString(file));
                while (m.find()) {
                    used.add(m.group());
                }
            }
        }
        assertThat(known).contains("PORTCULLIS_ROLE", "PORTCULLIS_SIDECAR_CA_URL", "PORTCULLIS_NGINX_TLS_CERTIFICATE_KEY");
        assertThat(used).contains("PORTCULLIS_ROLE", "PORTCULLIS_SIDECAR_CA_URL", "PORTCULLIS_NGINX_DIR");
        assertThat(known).containsAll(used);
    }

    /** The environment variable of every key of a {@code @ConfigMapping} interface, nested groups included. */
    static void settings(Class<?> mapping, String prefix, Set<String> into) {
        for (Method method : mapping.getDeclaredMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            WithName withName = method.getAnnotation(WithName.class);
            String name = withName != null ? withName.value() : method.getName().replaceAll("([a-z])([A-Z])", "$1-$2");
            String env = prefix + "_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getPackage() == PortcullisConfig.class.getPackage()) {
                settings(type, env, into);
            } else {
                into.add(env);
            }
        }
    }

    @Test
    void kubectlKustomizeAgreesWhereKubectlIsInstalled() throws Exception {
        assumeTrue(onPath("kubectl"), "kubectl is not installed; the structural checks above still ran");
        Process process = new ProcessBuilder("kubectl", "kustomize", KUBERNETES.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(output)) {
            rendered.add((Map<String, Object>) doc);
        }
        assertThat(rendered).hasSize(resolve(KUBERNETES).size());
        assertThat(find(rendered, "Deployment", "portcullis-ca").get("metadata")).asString().contains("namespace=portcullis");
    }

    // --- a minimal kustomize: resources are files or directories holding a kustomization.yaml ---

    static List<Map<String, Object>> resolve(Path dir) throws IOException {
        Map<String, Object> kustomization = load(dir.resolve("kustomization.yaml")).get(0);
        assertThat(kustomization).containsEntry("kind", "Kustomization");
        List<Map<String, Object>> documents = new ArrayList<>();
        for (String resource : strings(kustomization.get("resources"))) {
            Path target = dir.resolve(resource);
            assertThat(target).as("resource %s of %s", resource, dir).exists();
            documents.addAll(Files.isDirectory(target) ? resolve(target) : load(target));
        }
        return documents;
    }

    static List<Map<String, Object>> load(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Object doc : new Yaml().loadAll(in)) {
                assertThat(doc).as("a YAML mapping in %s", file).isInstanceOf(Map.class);
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    static Map<String, Object> find(List<Map<String, Object>> docs, String kind, String name) {
        return docs.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(map(d, "metadata").get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    static Set<String> kinds(List<Map<String, Object>> docs) {
        Set<String> kinds = new TreeSet<>();
        docs.forEach(d -> kinds.add(d.get("kind").toString()));
        return kinds;
    }

    static List<String> mountPaths(Map<String, Object> container, String volume) {
        return list(container, "volumeMounts").stream().filter(m -> volume.equals(m.get("name")))
                .map(m -> m.get("mountPath").toString()).toList();
    }

    static Object path(Map<String, Object> root, String... keys) {
        Object current = root;
        for (String key : keys) {
            assertThat(current).as("parent of %s", key).isInstanceOf(Map.class);
            current = ((Map<?, ?>) current).get(key);
        }
        return current;
    }

    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as("%s is a mapping", key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as("%s is a list", key).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }

    static List<String> strings(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return ((List<?>) value).stream().map(Object::toString).toList();
    }

    static boolean onPath(String binary) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, binary)));
    }
}
