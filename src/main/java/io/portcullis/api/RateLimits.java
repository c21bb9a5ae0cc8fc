package io.portcullis.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.portcullis.api.dto.Problem;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.Hashes;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.config.RateLimitConfig;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Rate limits of requests that carry a credential: a token in an {@code Authorization} header or in
 * the enrollment page's form, or a client certificate (on this service's TLS listener, or forwarded
 * by a trusted proxy) ({@code portcullis.rate-limit.*}): a token bucket per token, keyed by the
 * token's SHA-256 and never the token itself; one per device key, the SHA-256 of the presented
 * certificate's public key, so that a device's renewals share it; one per client address; and one
 * per address for refused credentials, also counted across replicas ({@link SharedLimits}). A leaked
 * token or device key cannot mint certificates at line rate and guessing is throttled. Checked before
 * the body is read or the credential looked up. Requests without credentials count per address and
 * group of endpoints instead ({@link AnonymousLimits}); Quarkus' own {@code /q/} endpoints (health
 * probes, metrics) are not limited. The buckets live in bounded caches whose entries expire once a
 * bucket would be full again.
 */
@ApplicationScoped
public class RateLimits {

    private static final Logger LOG = Logger.getLogger(RateLimits.class);
    /** Keys kept per cache: bounds the memory a flood of distinct tokens or addresses can take. */
    static final long MAX_KEYS = 100_000;
    private static final String BEARER = "Bearer ";

    private final RateLimitConfig config;
    private final TrustedProxies proxies;
    private final String clientCertHeader;
    private final Cache<String, Bucket> perToken;
    private final Cache<String, Bucket> perCertificate;
    private final Cache<String, Bucket> perAddress;
    private final Cache<String, Bucket> failedAuth;
    private final ObjectMapper json;
    private final AnonymousLimits anonymous;
    private final SharedLimits shared;

    @Inject
    public RateLimits(PortcullisConfig config, TrustedProxies proxies, ObjectMapper json, SharedLimits shared) {
        this.config = config.rateLimit();
        this.shared = shared;
        this.anonymous = new AnonymousLimits(this.config.anonymous());
        this.proxies = proxies;
        this.json = json;
        this.clientCertHeader = config.clientCertHeader();
        this.perToken = cache(this.config.perToken());
        this.perCertificate = cache(this.config.perCertificate());
        this.perAddress = cache(this.config.perAddress());
        this.failedAuth = cache(this.config.failedAuth());
    }

    void install(@Observes Router router) {
        if (config.enabled()) {
            // before the body limit and the REST layer: a throttled request costs no body read and no lookup
            router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(this::check);
        }
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        // a bearer token wins over a certificate (Callers), so only one of the two is counted
        String certificateKey = authorization == null ? certificateKey(request) : null;
        String address = proxies.clientAddress(request);
        if (authorization == null && certificateKey == null && !carriesTokenInBody(request)) {
            AnonymousLimits.Group group = AnonymousLimits.group(request.method(), context.normalizedPath());
            ConsumptionProbe refused = anonymous.refusal(group, address);
            if (refused != null) {
                refuse(context, refused.getNanosToWaitForRefill(), group.detail);
            } else {
                context.next();
            }
            return;
        }
        Bucket failures = bucket(failedAuth, address, config.failedAuth());
        long sharedBlock = shared.failedAuthBlockedSeconds(address);
        if (failures.getAvailableTokens() < 1 || sharedBlock > 0) {
            long nanos = Math.max(failures.estimateAbilityToConsume(1).getNanosToWaitForRefill(),
                    TimeUnit.SECONDS.toNanos(sharedBlock));
            refuse(context, nanos, "Too many refused tokens from your address.");
            return;
        }
        ConsumptionProbe byAddress = bucket(perAddress, address, config.perAddress()).tryConsumeAndReturnRemaining(1);
        if (!byAddress.isConsumed()) {
            refuse(context, byAddress.getNanosToWaitForRefill(), "Too many requests from your address.");
            return;
        }
        if (authorization != null) {
            String tokenKey = HexFormat.of().formatHex(Hashes.sha256(credential(authorization).getBytes(StandardCharsets.UTF_8)));
            ConsumptionProbe byToken = bucket(perToken, tokenKey, config.perToken()).tryConsumeAndReturnRemaining(1);
            if (!byToken.isConsumed()) {
                refuse(context, byToken.getNanosToWaitForRefill(), "Too many requests with this token.");
                return;
            }
        }
        if (certificateKey != null) {
            ConsumptionProbe byCertificate = bucket(perCertificate, certificateKey, config.perCertificate())
                    .tryConsumeAndReturnRemaining(1);
            if (!byCertificate.isConsumed()) {
                refuse(context, byCertificate.getNanosToWaitForRefill(), "Too many requests with this certificate.");
                return;
            }
        }
        context.addHeadersEndHandler(v -> {
            if (context.response().getStatusCode() == ErrorType.UNAUTHENTICATED.status()) {
                failures.tryConsume(1);
                shared.recordFailedAuth(context.vertx(), address);
            }
        });
        context.next();
    }

    /**
     * The enrollment page's form posts its token in the body, where this filter cannot read it before
     * the REST layer does: such requests count per address and for refused tokens, not per token.
     */
    static boolean carriesTokenInBody(HttpServerRequest request) {
        return request.method() == HttpMethod.POST && EnrollPage.PATH.equals(request.path());
    }

    /**
     * The bucket key of the client certificate the request presents, as {@link PresentedCertificate}
     * reads it, or null for none: the SHA-256 of its public key, so that neither encoding the
     * forwarded header differently nor renewing buys a device another bucket. Anything that is no
     * certificate is keyed by its own hash; it is refused with 401 and counts as a failure.
     */
    private String certificateKey(HttpServerRequest request) {
        byte[] der;
        try {
            der = PresentedCertificate.der(request, proxies, clientCertHeader).orElse(null);
        } catch (CaException unreadable) {
            return "unreadable:" + hex(request.getHeader(clientCertHeader).getBytes(StandardCharsets.UTF_8));
        }
        if (der == null) {
            return null;
        }
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            return "key:" + hex(certificate.getPublicKey().getEncoded());
        } catch (CertificateException | RuntimeException unparsable) {
            return "unreadable:" + hex(der);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(Hashes.sha256(bytes));
    }

    /**
     * The credential in the header as {@link io.portcullis.api.auth.BearerTokenMechanism} reads it
     * (scheme in any case, surrounding spaces ignored), so that spelling the header differently does
     * not buy a token another bucket.
     */
    static String credential(String authorization) {
        String value = authorization.trim();
        return value.regionMatches(true, 0, BEARER, 0, BEARER.length()) ? value.substring(BEARER.length()).trim() : value;
    }

    private void refuse(RoutingContext context, long nanosToWait, String detail) {
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanosToWait + TimeUnit.SECONDS.toNanos(1) - 1));
        LOG.debugf("Rate limited %s %s from %s", context.request().method(), context.request().path(),
                proxies.clientAddress(context.request()));
        ErrorType type = ErrorType.RATE_LIMITED;
        String body;
        try {
            body = json.writeValueAsString(new Problem(type.urn(), type.title(), type.status(), detail));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem document always serialises", e);
        }
        var response = context.response().setStatusCode(type.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.PROBLEM_JSON)
                .putHeader("Retry-After", Long.toString(seconds));
        if (context.request().version() != HttpVersion.HTTP_2) {
            // the body, if any, is left unread, which makes an HTTP/1 connection unusable
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(body);
    }

    static Bucket bucket(Cache<String, Bucket> cache, String key, RateLimitConfig.Limit limit) {
        return cache.get(key, k -> Bucket.builder().addLimit(bandwidth(limit)).build());
    }

    private static Bandwidth bandwidth(RateLimitConfig.Limit limit) {
        return Bandwidth.builder().capacity(limit.capacity())
                .refillGreedy(limit.refillPerMinute(), Duration.ofMinutes(1)).build();
    }

    /** Entries expire once idle long enough for their bucket to be full again: forgetting them changes nothing. */
    static Cache<String, Bucket> cache(RateLimitConfig.Limit limit) {
        long secondsToFill = Math.max(1, (60 * limit.capacity() + limit.refillPerMinute() - 1) / limit.refillPerMinute());
        return Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterAccess(Duration.ofSeconds(secondsToFill)).build();
    }
}
