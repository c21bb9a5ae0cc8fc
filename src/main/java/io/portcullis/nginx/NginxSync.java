package io.portcullis.nginx;

import io.portcullis.audit.AuditAction;
import io.portcullis.audit.AuditTrail;
import io.portcullis.ca.Actor;
import io.portcullis.ca.TrustMaterialChanged;
import io.portcullis.ca.trust.TrustMaterial;
import io.portcullis.config.PortcullisConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Decides when nginx is brought up to date and from what. In the {@code ca} role the trust material
 * is this service's own ({@link TrustMaterial}): deployed at start, right after every change (the
 * {@link TrustMaterialChanged} event) and every poll interval, which also catches changes another
 * replica published. In the {@code sidecar} role it is fetched from the CA every poll interval and
 * whenever the CA's event stream ({@code GET /api/v1/events}) announces a change.
 */
@ApplicationScoped
public class NginxSync {

    private static final Logger LOG = Logger.getLogger(NginxSync.class);
    /** Who reloads nginx on its own, after a CRL or CA change or on a poll. */
    static final Actor SYNC = new Actor("nginx-sync", "system");
    /** The reason of a deployment an administrator asked for; the API audits it with the administrator as actor. */
    public static final String API = "api";

    private final PortcullisConfig config;
    private final NginxDeployer deployer;
    private final AuditTrail audit;
    private final TrustMaterial local;
    private final RemoteTrustMaterial remote;
    private final ExecutorService onChange = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "portcullis-nginx-sync");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public NginxSync(PortcullisConfig config, NginxDeployer deployer, TrustMaterial local, AuditTrail audit) {
        this.config = config;
        this.deployer = deployer;
        this.audit = audit;
        this.local = local;
        this.remote = config.isSidecar() ? new RemoteTrustMaterial(config.sidecar().caUrl()
                .orElseThrow(() -> new NginxException("PORTCULLIS_SIDECAR_CA_URL is required in the sidecar role"))) : null;
    }

    void onStart(@Observes StartupEvent event, Scheduler scheduler) {
        if (!config.nginx().enabled()) {
            return;
        }
        NginxSettings.from(config); // refuses to start on settings that are unsafe in nginx.conf
        scheduler.newJob("portcullis-nginx-sync")
                .setInterval(config.sidecar().pollSeconds() + "s")
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> sync("poll"))
                .schedule();
        if (remote != null) {
            Thread listener = new Thread(new CaEventListener(config.sidecar().caUrl().orElseThrow(),
                    () -> onChange.execute(() -> sync("push"))), "portcullis-ca-events");
            listener.setDaemon(true);
            listener.start();
        }
    }

    /** Deploys soon after the transaction that changed the CRL or the bundle commits, off the caller's thread. */
    void onTrustMaterialChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) TrustMaterialChanged event) {
        if (config.nginx().enabled() && !config.isSidecar()) {
            onChange.execute(() -> sync(event.reason()));
        }
    }

    /** Brings nginx up to date now and returns the outcome. */
    public NginxStatus sync(String reason) {
        NginxSettings settings = NginxSettings.from(config);
        if (remote == null) {
            NginxStatus status;
            boolean reloaded;
            synchronized (deployer) { // the deployer's own lock: no other deployment between the two reads
                long reloadsBefore = deployer.status().reloads();
                status = deployer.deploy(settings, local, reason);
                reloaded = status.reloads() > reloadsBefore;
            }
            // a reload of its own is audited here; the sidecar has no database to audit into
            if (reloaded && !API.equals(reason)) {
                try {
                    audit.recordDone(SYNC, AuditAction.NGINX_RELOADED, crlTarget(status));
                } catch (RuntimeException e) {
                    LOG.warnf("nginx reloaded (%s) but the audit row could not be written: %s", reason, e.getMessage());
                }
            }
            return status;
        }
        try {
            remote.refresh();
        } catch (NginxException e) {
            return deployer.recordFailure(e.getMessage() + (remote.hasSnapshot() ? "; the last good files stay deployed" : ""));
        }
        return deployer.deploy(settings, remote, reason);
    }

    /** The audit target of a deployment: the CRL nginx serves. */
    public static String crlTarget(NginxStatus status) {
        return status.deployedCrlNumber() == null ? null : "crl-" + status.deployedCrlNumber();
    }

    @PreDestroy
    void stop() {
        onChange.shutdownNow();
    }
}
