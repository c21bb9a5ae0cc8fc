package io.portcullis.api;

import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.Pem;
import io.portcullis.ca.PublishedCrl;
import io.portcullis.ca.PublishedTrustMaterial;
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
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Serves the newest CRL from memory with HTTP caching: an ETag per CRL number and encoding,
 * Last-Modified = thisUpdate, max-age up to nextUpdate, and 304 for conditional requests. At most
 * once a second a request also checks the database for a CRL another replica published; while the
 * database is unreachable the CRL in memory is served as it is.
 */
@ApplicationScoped
public class CrlResponses {

    private static final Logger LOG = Logger.getLogger(CrlResponses.class);

    static final long SYNC_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    @Inject
    PublishedTrustMaterial trustMaterial;

    @Inject
    Clock clock;

    private final AtomicLong lastSync = new AtomicLong(System.nanoTime() - SYNC_INTERVAL_NANOS);

    Response respond(Request request, boolean pem) {
        long last = lastSync.get();
        if (System.nanoTime() - last >= SYNC_INTERVAL_NANOS && lastSync.compareAndSet(last, System.nanoTime())) {
            try {
                trustMaterial.syncFromDatabase();
            } catch (RuntimeException e) {
                // the database is down: the CRL in memory is still valid and relying parties need it most now
                LOG.debugf("CRL sync failed, serving the CRL in memory: %s", e.toString());
            }
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
                : pem ? Response.ok(Pem.encode("X509 CRL", crl.der()).getBytes(StandardCharsets.US_ASCII), MediaTypes.PEM_FILE_TYPE)
                : Response.ok(crl.der(), MediaTypes.PKIX_CRL_TYPE);
        return builder.tag(etag).lastModified(lastModified).cacheControl(cache)
                .header("Expires", Date.from(crl.nextUpdate()))
                .header("Vary", "Accept")
                .build();
    }
}
