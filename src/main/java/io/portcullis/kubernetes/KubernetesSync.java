package io.portcullis.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.portcullis.ca.StartupRefusal;
import io.portcullis.ca.TrustMaterialChanged;
import io.portcullis.ca.trust.TrustMaterial;
import io.portcullis.config.PortcullisConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Decides when the Kubernetes targets ({@code PORTCULLIS_KUBERNETES_TARGETS}) are written: at start,
 * right after every committed change of the trust material ({@link TrustMaterialChanged}, as nginx
 * deployment reacts) and every resync interval, which also repairs edited or deleted objects. The
 * CRL schedule refreshes the CRL at half its validity and that change is written at once, so an
 * object is renewed long before its CRL's nextUpdate. Without targets nothing is scheduled and the
 * Kubernetes client is never created.
 */
@ApplicationScoped
public class KubernetesSync {

    private static final Logger LOG = Logger.getLogger(KubernetesSync.class);
    private static final int MAX_THREADS = 4;

    private final PortcullisConfig config;
    private final TrustMaterial trustMaterial;
    private final Instance<KubernetesClient> client;
    private final Clock clock;
    private volatile List<TargetWorker> workers = List.of();
    private ScheduledExecutorService executor;

    @Inject
    public KubernetesSync(PortcullisConfig config, TrustMaterial trustMaterial, Instance<KubernetesClient> client, Clock clock) {
        this.config = config;
        this.trustMaterial = trustMaterial;
        this.client = client;
        this.clock = clock;
    }

    /** After the CRL startup (priority 600) so that a CRL exists; the first writes run in the background. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 700) StartupEvent event, KubernetesMetrics metrics) {
        List<KubernetesTarget> targets = KubernetesTarget.parseAll(config.kubernetes().targets().orElse(List.of()));
        if (targets.isEmpty()) {
            return;
        }
        if (config.isSidecar()) {
            throw new StartupRefusal("PORTCULLIS_KUBERNETES_TARGETS is for the ca role; a sidecar keeps only its own nginx current.");
        }
        executor = Executors.newScheduledThreadPool(Math.min(targets.size(), MAX_THREADS), r -> {
            Thread thread = new Thread(r, "portcullis-kubernetes-sync");
            thread.setDaemon(true);
            return thread;
        });
        TrustObjectWriter writer = new TrustObjectWriter(client.get(), clock);
        workers = targets.stream().map(t -> new TargetWorker(t, writer, trustMaterial, executor, clock)).toList();
        metrics.register(workers);
        Duration interval = config.kubernetes().resyncInterval();
        executor.scheduleWithFixedDelay(() -> request("resync"), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("Keeping %d Kubernetes object(s) current: %s", targets.size(), targets);
        request("start");
    }

    /** Writes soon after the transaction that changed the CRL or the bundle commits, off the caller's thread. */
    void onTrustMaterialChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) TrustMaterialChanged event) {
        request(event.reason());
    }

    /** Whether any target is configured. */
    public boolean enabled() {
        return !workers.isEmpty();
    }

    /** Every target's status, in the order of the setting. */
    public List<TargetStatus> statuses() {
        return workers.stream().map(TargetWorker::status).toList();
    }

    private void request(String reason) {
        workers.forEach(w -> w.requestIn(Duration.ZERO, reason));
    }

    @PreDestroy
    void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
