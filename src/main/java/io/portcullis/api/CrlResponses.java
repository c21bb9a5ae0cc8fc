package io.portcullis.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.Pem;
import io.portcullis.ca.trust.ChangeFeed;
import io.portcullis.ca.trust.PublishedCrl;
import io.portcullis.ca.trust.PublishedTrustMaterial;
import io.vertx.core.buffer.Buffer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.nio.ByteBuffer;
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
 * Last-Modified = thisUpdate, max-age up to nextUpdate, and 304 for conditional requests. Other
 * replicas' CRLs arrive through the {@link ChangeFeed}; while it is not listening, at most once a
 * second a request also has the database checked for a CRL another replica published; the check
 * runs in the background, so serving never waits for the database (and goes on while it is
 * unreachable) and the resources can answer on the I/O thread. Each form of a CRL is kept once in
 * direct memory and every response writes a view of it: no copy per response, which for a 1 M-entry
 * CRL (42 MB) and 32 clients would need more than a 256 MB heap's direct memory.
 */
@ApplicationScoped
public class CrlResponses {


    static final long SYNC_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    @Inject
    PublishedTrustMaterial trustMaterial;

    @Inject
    Clock clock;

    @Inject
    ChangeFeed feed;

    private static final Logger LOG = Logger.getLogger(CrlResponses.class);

    private final AtomicLong lastSync = new AtomicLong(System.nanoTime() - SYNC_INTERVAL_NANOS);
    private final ExecutorService syncer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "crl-sync");
        t.setDaemon(true);
        return t;
    });

    /** One form (DER or PEM) of one CRL, in direct memory that the garbage collector frees with the CRL. */
    private record Body(PublishedCrl crl, ByteBuf bytes) {
    }

    private volatile Body der;
    private volatile Body pem;

    Response respond(Request request, boolean pem) {
        long last = lastSync.get();
        if (!feed.isListening() && System.nanoTime() - last >= SYNC_INTERVAL_NANOS && lastSync.compareAndSet(last, System.nanoTime())) {
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
                : pem ? Response.ok(body(crl, true), MediaTypes.PEM_FILE_TYPE)
                : Response.ok(body(crl, false), MediaTypes.PKIX_CRL_TYPE);
        return builder.tag(etag).lastModified(lastModified).cacheControl(cache)
                .header("Expires", Date.from(crl.nextUpdate()))
                .header("Vary", "Accept")
                .build();
    }

    /** A view of the CRL's bytes for one response (its own indices, the shared content). */
    private Buffer body(PublishedCrl crl, boolean asPem) {
        Body cached = asPem ? pem : der;
        if (cached == null || cached.crl() != crl) {
            byte[] bytes = asPem ? Pem.encode("X509 CRL", crl.der()).getBytes(StandardCharsets.US_ASCII) : crl.der();
            ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            // unreleasable: responses must not free what the next response writes; the JDK frees it with the buffer
            cached = new Body(crl, Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct)));
            if (asPem) {
                pem = cached;
            } else {
                der = cached;
            }
        }
        return Buffer.buffer(cached.bytes().duplicate());
    }

    private void sync() {
        try {
            trustMaterial.syncFromDatabase();
        } catch (RuntimeException e) {
            // the database is down: the CRL in memory is still valid and relying parties need it most now;
            // the next request after the interval tries again (debug: an outage would log this every second)
            LOG.debugf("checking the database for a newer CRL failed: %s", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        syncer.shutdownNow();
    }
}
