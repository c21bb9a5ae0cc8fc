package io.portcullis.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.portcullis.ca.Pem;
import io.portcullis.ca.trust.PublishedCrl;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Brings one target's object to a CA bundle and CRL through the Kubernetes API: creates it when
 * missing, otherwise replaces only the keys it owns ({@code ca.crt}, {@code ca.crl} and two
 * annotations) with the {@code resourceVersion} it read, so a concurrent writer's change is never
 * overwritten unseen (409: read again and decide again). Never writes an expired CRL, nor over a
 * newer valid CRL of our CA: two replicas writing at once end on the newest.
 */
public class TrustObjectWriter {

    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY = "portcullis";
    static final String CRL_NUMBER_ANNOTATION = "portcullis.io/crl-number";
    static final String CRL_NEXT_UPDATE_ANNOTATION = "portcullis.io/crl-next-update";
    static final String CA_CRT = "ca.crt";
    static final String CA_CRL = "ca.crl";
    /** Conflicts (409) re-read within one attempt; more means a writer loop elsewhere, reported as a failure. */
    private static final int CONFLICT_ROUNDS = 5;

    /** What a write leaves in the object: its outcome and the CRL the object then holds. */
    public record Result(WriteOutcome outcome, BigInteger crlNumber, Instant crlNextUpdate) {
    }

    private final KubernetesClient client;
    private final Clock clock;

    public TrustObjectWriter(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /**
     * Writes {@code caBundlePem} and {@code crl} into the target's object.
     *
     * @throws KubernetesSyncException when the CRL has expired, the object cannot be written as it
     *                                 is, or the API refuses or cannot be reached
     */
    public Result write(KubernetesTarget target, String caBundlePem, PublishedCrl crl) {
        Instant now = clock.instant();
        if (!crl.nextUpdate().isAfter(now)) {
            throw new KubernetesSyncException("the current CRL " + crl.number() + " expired at " + crl.nextUpdate()
                    + "; an expired CRL is never written (it would refuse every device)");
        }
        String crlPem = Pem.encode("X509 CRL", crl.der());
        for (int round = 0; round < CONFLICT_ROUNDS; round++) {
            try {
                Optional<Result> done = target.kind().objectKind().equals("Secret")
                        ? writeSecret(target, caBundlePem, crl, crlPem, now)
                        : writeConfigMap(target, caBundlePem, crl, now);
                if (done.isPresent()) {
                    return done.get();
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw new KubernetesSyncException(describe(e, target));
                }
            }
        }
        throw new KubernetesSyncException("the " + target.kind().objectKind() + " " + where(target) + " changed under every one of "
                + CONFLICT_ROUNDS + " writes (409 Conflict)");
    }

    /** Empty when the write lost a race and must be decided again on a fresh read. */
    private Optional<Result> writeSecret(KubernetesTarget target, String bundle, PublishedCrl crl, String crlPem, Instant now) {
        Secret existing = client.secrets().inNamespace(target.namespace()).withName(target.name()).get();
        Map<String, String> owned = Map.of(CA_CRT, bundle, CA_CRL, crlPem);
        if (existing == null) {
            Secret created = new SecretBuilder().withMetadata(newMetadata(target, crl)).withType(target.kind().secretType())
                    .withData(encode(owned)).build();
            client.secrets().inNamespace(target.namespace()).resource(created).create();
            return Optional.of(new Result(WriteOutcome.CREATED, crl.number(), crl.nextUpdate()));
        }
        String type = existing.getType() == null ? "Opaque" : existing.getType();
        if (!type.equals(target.kind().secretType())) {
            throw new KubernetesSyncException("the Secret " + where(target) + " has type " + type + ", not "
                    + target.kind().secretType() + "; a Secret's type cannot change: delete it and it is created anew");
        }
        Map<String, String> data = existing.getData() == null ? new HashMap<>() : new HashMap<>(existing.getData());
        Optional<HeldCrl> held = HeldCrl.parse(decode(data.get(CA_CRL)), bundle);
        if (held.isPresent() && held.get().outranks(crl.number(), now)) {
            return Optional.of(new Result(WriteOutcome.KEPT_NEWER, held.get().number(), held.get().nextUpdate()));
        }
        Map<String, String> encoded = encode(owned);
        if (encoded.equals(Map.of(CA_CRT, String.valueOf(data.get(CA_CRT)), CA_CRL, String.valueOf(data.get(CA_CRL))))) {
            return Optional.of(new Result(WriteOutcome.UNCHANGED, crl.number(), crl.nextUpdate()));
        }
        data.putAll(encoded);
        Secret updated = new SecretBuilder(existing).withMetadata(ownAnnotations(existing, crl)).withData(data).build();
        client.secrets().inNamespace(target.namespace()).resource(updated).update();
        return Optional.of(new Result(WriteOutcome.UPDATED, crl.number(), crl.nextUpdate()));
    }

    /** A ConfigMap holds no CRL; its annotations order writers the same way. */
    private Optional<Result> writeConfigMap(KubernetesTarget target, String bundle, PublishedCrl crl, Instant now) {
        ConfigMap existing = client.configMaps().inNamespace(target.namespace()).withName(target.name()).get();
        if (existing == null) {
            ConfigMap created = new ConfigMapBuilder().withMetadata(newMetadata(target, crl)).withData(Map.of(CA_CRT, bundle))
                    .build();
            client.configMaps().inNamespace(target.namespace()).resource(created).create();
            return Optional.of(new Result(WriteOutcome.CREATED, crl.number(), crl.nextUpdate()));
        }
        Map<String, String> annotations = annotationsOf(existing);
        Optional<HeldCrl> held = HeldCrl.fromAnnotations(annotations.get(CRL_NUMBER_ANNOTATION),
                annotations.get(CRL_NEXT_UPDATE_ANNOTATION));
        if (held.isPresent() && held.get().outranks(crl.number(), now)) {
            return Optional.of(new Result(WriteOutcome.KEPT_NEWER, held.get().number(), held.get().nextUpdate()));
        }
        Map<String, String> data = existing.getData() == null ? new HashMap<>() : new HashMap<>(existing.getData());
        if (bundle.equals(data.get(CA_CRT)) && held.isPresent() && held.get().number().equals(crl.number())) {
            return Optional.of(new Result(WriteOutcome.UNCHANGED, crl.number(), crl.nextUpdate()));
        }
        data.put(CA_CRT, bundle);
        ConfigMap updated = new ConfigMapBuilder(existing).withMetadata(ownAnnotations(existing, crl)).withData(data).build();
        client.configMaps().inNamespace(target.namespace()).resource(updated).update();
        return Optional.of(new Result(WriteOutcome.UPDATED, crl.number(), crl.nextUpdate()));
    }

    private static ObjectMeta newMetadata(KubernetesTarget target, PublishedCrl crl) {
        return new ObjectMetaBuilder().withNamespace(target.namespace()).withName(target.name())
                .withLabels(Map.of(MANAGED_BY_LABEL, MANAGED_BY)).withAnnotations(crlAnnotations(crl)).build();
    }

    /** The object's metadata as read (resourceVersion included), with our two annotations set. */
    private static ObjectMeta ownAnnotations(HasMetadata existing, PublishedCrl crl) {
        Map<String, String> annotations = new LinkedHashMap<>(annotationsOf(existing));
        annotations.putAll(crlAnnotations(crl));
        return new ObjectMetaBuilder(existing.getMetadata()).withAnnotations(annotations).build();
    }

    private static Map<String, String> crlAnnotations(PublishedCrl crl) {
        return Map.of(CRL_NUMBER_ANNOTATION, crl.number().toString(), CRL_NEXT_UPDATE_ANNOTATION, crl.nextUpdate().toString());
    }

    private static Map<String, String> annotationsOf(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    private static Map<String, String> encode(Map<String, String> plain) {
        Map<String, String> encoded = new HashMap<>();
        plain.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.US_ASCII))));
        return encoded;
    }

    private static String decode(String base64) {
        try {
            return base64 == null ? null : new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            return null; // not base64: treated like a missing CRL and replaced
        }
    }

    private static String where(KubernetesTarget target) {
        return target.namespace() + "/" + target.name();
    }

    /** The API's answer in a few words; fabric8 reports "no answer" as code 0 or -1. */
    static String describe(KubernetesClientException e, KubernetesTarget target) {
        String object = target.kind().objectKind() + " " + where(target);
        int code = e.getCode();
        if (code <= 0) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "cannot reach the Kubernetes API for the " + object + ": " + cause.getClass().getSimpleName()
                    + (cause.getMessage() != null ? ": " + cause.getMessage() : "");
        }
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? ": " + e.getStatus().getMessage() : "";
        if (code == 403) {
            return "the Kubernetes API refused access to the " + object + " (403; check the Role and RoleBinding of the service account)"
                    + reason;
        }
        return "the Kubernetes API answered " + code + " for the " + object + reason;
    }
}
