package io.portcullis.api;

import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.Pem;
import io.portcullis.ca.PublishedCrl;
import io.portcullis.ca.PublishedTrustMaterial;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Serves the newest CRL from memory with HTTP caching: an ETag per CRL number and encoding,
 * Last-Modified = thisUpdate, max-age up to nextUpdate, and 304 for conditional requests. At most
 * once a second a request also has the database checked for a CRL another replica published; the
 * check runs in the background, so serving never waits for the database and the resources can
 * answer on the I/O thread.
 */
@ApplicationScoped
public class CrlResponses {

    static final long SYNC_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    @Inject
    PublishedTrustMaterial trustMaterial;

    @Inject
    Clock clock;

    private static final Logger LOG = Logger.getLogger(CrlResponses.class);

    private final AtomicLong lastSync = new AtomicLong(System.nanoTime() - SYNC_INTERVAL_NANOS);
    private final ExecutorService syncer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "crl-sync");
        t.setDaemon(true);
        return t;
    });

    /** The PEM form of one CRL, encoded once rather than per request (a 1 M-entry CRL is ~40 MB of PEM). */
    private record PemCrl(PublishedCrl crl, byte[] pem) {
    }

    private volatile PemCrl pemCrl;

    Response respond(Request request, boolean pem) {
        long last = lastSync.get();
        if (System.nanoTime() - last >= SYNC_INTERVAL_NANOS && lastSync.compareAndSet(last, System.nanoTime())) {
            syncer.execute(this::sync);
        }
        PublishedCrl crl = trustMaterial.currentCrl().orElseThrow(
                () -> new CaException(ErrorType.UNAVAILABLE, "No CRL has been published yet."));
        EntityTag etag = new EntityTag("crl-" + crl.number() + (pem ? "-pem" : "-der"));
        CacheControl cache = new CacheControl();
        cache.setMaxAge((int) Math.max(0, Math.min(Integer.MAX_VALUE,
                Duration.between(clock.instant(), crl.nextUpdate()).getSeconds())));
        Date lastModified = Date.from(crl.thisUpdate());
        Response.ResponseBuilder notModified = request.evaluatePreconditions(lastModified, etag);
        Response.ResponseBuilder builder = notModified != null ? notModified
                : pem ? Response.ok(pem(crl), MediaTypes.PEM_FILE_TYPE)
                : Response.ok(crl.der(), MediaTypes.PKIX_CRL_TYPE);
        return builder.tag(etag).lastModified(lastModified).cacheControl(cache)
                .header("Expires", Date.from(crl.nextUpdate()))
                .header("Vary", "Accept")
                .build();
    }

    private byte[] pem(PublishedCrl crl) {
        PemCrl cached = pemCrl;
        if (cached == null || cached.crl() != crl) {
            cached = new PemCrl(crl, Pem.encode("X509 CRL", crl.der()).getBytes(StandardCharsets.US_ASCII));
            pemCrl = cached;
        }
        return cached.pem();
    }

    private void sync() {
        try {
            trustMaterial.syncFromDatabase();
        } catch (RuntimeException e) {
            // the CRL in memory stays served; the next request after the interval tries again
            LOG.warnf("checking the database for a newer CRL failed: %s", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        syncer.shutdownNow();
    }
}
