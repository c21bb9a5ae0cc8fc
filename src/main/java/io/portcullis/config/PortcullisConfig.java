package io.portcullis.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Typed configuration of the whole service. Every key is overridable by an environment variable
 * ({@code portcullis.ca.key-algorithm} is {@code PORTCULLIS_CA_KEY_ALGORITHM}); the key names are
 * part of the public interface, each documented once in src/docs/configuration.md
 * (ConfigurationDocTest keeps that table and this interface in step).
 */
@ConfigMapping(prefix = "portcullis")
public interface PortcullisConfig {

    /** Bootstrap admin bearer token; only its hash is kept in memory. */
    @WithName("admin-token")
    Optional<String> adminToken();

    /** Externally reachable base URL, written into the CRL distribution point of every certificate. */
    @WithName("public-url")
    @WithDefault("http://localhost:8080")
    @Pattern(regexp = "https?://[^\\s?#]+", message = "must be an http(s) URL without query or fragment")
    String publicUrl();

    /** Validity of a leaf certificate when the request names none. */
    @WithName("default-validity-days")
    @WithDefault("365")
    @Min(1)
    int defaultValidityDays();

    /** Upper bound on the validity of any leaf certificate. */
    @WithName("max-validity-days")
    @WithDefault("398")
    @Min(1)
    @Max(36500)
    int maxValidityDays();

    /**
     * What this process is: {@code ca} (the certificate authority, with its database) or
     * {@code sidecar} (no database; keeps a local nginx in step with a remote CA).
     */
    @WithDefault("ca")
    @Pattern(regexp = "ca|sidecar", message = "must be ca or sidecar")
    String role();

    /** Whether this process runs in the sidecar role. */
    default boolean isSidecar() {
        return "sidecar".equals(role());
    }

    /** The certificate authority itself. */
    Ca ca();

    /** The nginx reverse proxy this process renders and reloads. */
    Nginx nginx();

    /** Where a sidecar gets its trust material from. */
    Sidecar sidecar();

    /** Settings of the CA key and certificate. */
    interface Ca {
        /**
         * Encrypts the CA private key at rest. Deliberately without a default outside the dev and
         * test profiles: the service refuses to start without it.
         */
        Optional<String> passphrase();

        /** Subject of a generated CA certificate, RFC 4514. */
        @WithDefault("CN=Portcullis Root CA,O=Portcullis")
        @NotBlank
        String subject();

        /** Key algorithm of a generated CA: EC-P256, EC-P384, RSA-2048, RSA-3072 or RSA-4096. */
        @WithName("key-algorithm")
        @WithDefault("EC-P256")
        @Pattern(regexp = "EC-P256|EC-P384|RSA-2048|RSA-3072|RSA-4096",
                message = "must be one of EC-P256, EC-P384, RSA-2048, RSA-3072, RSA-4096")
        String keyAlgorithm();

        /** Validity of a generated CA certificate. */
        @WithName("validity-days")
        @WithDefault("3650")
        @Min(1)
        @Max(36500)
        int validityDays();

        /** PEM certificate of an existing CA to import on first start (the openssl recipe's ca.crt). */
        @WithName("import-cert")
        Optional<Path> importCert();

        /** PEM private key of that CA (ca.key), encrypted or not. */
        @WithName("import-key")
        Optional<Path> importKey();

        /** Passphrase of the imported key, if it is encrypted. */
        @WithName("import-key-passphrase")
        Optional<String> importKeyPassphrase();
    }

    /**
     * Whether devices may order without an enrollment token ({@code PORTCULLIS_ENROLLMENT_OPEN});
     * such orders always wait for an administrator.
     */
    @WithName("enrollment-open")
    @WithDefault("false")
    boolean enrollmentOpen();

    /** Orders of the enrollment API. */
    OrderSettings order();

    /** Settings of orders awaiting approval. */
    interface OrderSettings {
        /** A pending order not decided within this time becomes invalid ({@code PORTCULLIS_ORDER_EXPIRY}). */
        @WithDefault("7d")
        Duration expiry();

        /** The {@code Retry-After} a device is told while its order is pending. */
        @WithName("retry-after")
        @WithDefault("10s")
        Duration retryAfter();

        /**
         * Anonymous orders (open enrollment) that may wait for a decision at once; beyond it a new one gets
         * 429 until an administrator decides or orders expire ({@code PORTCULLIS_ORDER_MAX_PENDING_ANONYMOUS}).
         */
        @WithName("max-pending-anonymous")
        @WithDefault("1000")
        @Min(1)
        int maxPendingAnonymous();

        /** Rejected and expired orders are deleted this long after their decision or expiry. */
        @WithDefault("30d")
        Duration retention();
    }

    /** Server-sent event streams ({@code GET /api/v1/events}), public and held open for hours. */
    Events events();

    /** Bounds on open event streams per replica. */
    interface Events {
        /** Streams one replica holds open at most; a sidecar needs one. */
        @WithName("max-streams")
        @WithDefault("1000")
        @Min(1)
        int maxStreams();

        /** Streams one client address may hold open at most (behind a trusted proxy, the forwarded address). */
        @WithName("max-streams-per-address")
        @WithDefault("8")
        @Min(1)
        int maxStreamsPerAddress();
    }
    /** Revocation lists and their publication. */
    Crl crl();

    /** Settings of the CRL. */
    interface Crl {
        /** Lifetime of each CRL (thisUpdate to nextUpdate): ISO-8601 duration or days, 1 hour to 10 days. */
        @WithDefault("P7D")
        @NotBlank
        String validity();

        /**
         * How often each replica checks whether the CRL is half-way to its nextUpdate and whether
         * another replica published a newer CRL or CA certificate (a Quarkus duration: 60s, 5m).
         */
        @WithName("check-interval")
        @WithDefault("60s")
        @Pattern(regexp = "\\d+[smh]", message = "must be a number followed by s, m or h")
        String checkInterval();
    }

    /** The OCSP responder. */
    Ocsp ocsp();

    /** Settings of the OCSP responder. */
    interface Ocsp {
        /**
         * How long an answer may be cached (thisUpdate to nextUpdate). nginx's {@code ssl_ocsp_cache}
         * keeps a device's status that long, so in the nginx OCSP mode a revocation takes effect within
         * it; shorter means more OCSP requests and less time to ride out a CA outage.
         */
        @WithDefault("1h")
        @DurationMin(minutes = 1)
        @DurationMax(days = 7)
        Duration validity();
    }

    /** Renewal of device certificates. */
    Renewal renewal();

    /** Settings of renewals. */
    interface Renewal {
        /**
         * How long after a renewal its predecessor may ask again and get the same successor back
         * (a lost response), instead of being refused as superseded.
         */
        @WithDefault("5m")
        @DurationMin(seconds = 1)
        @DurationMax(hours = 24)
        Duration grace();
    }

    /**
     * Request header in which a TLS-terminating proxy forwards the client certificate, URL-encoded
     * PEM, as ingress-nginx's {@code ssl-client-cert} and nginx's {@code $ssl_client_escaped_cert}.
     */
    @WithName("client-cert-header")
    @WithDefault("ssl-client-cert")
    @Pattern(regexp = "[A-Za-z0-9-]{1,64}", message = "must be an HTTP header name")
    String clientCertHeader();

    /**
     * Addresses (CIDR, comma separated) of proxies whose client certificate header is believed.
     * Empty, the default, means the header is never believed.
     */
    @WithName("trusted-proxies")
    Optional<List<String>> trustedProxies();

    /** Limits on requests that carry credentials; the defaults are in application.properties. */
    @WithName("rate-limit")
    RateLimit rateLimit();

    /**
     * How long a client may take to send a request body once its headers have arrived; a slower
     * one (slow-loris) loses its connection.
     */
    @WithName("request-body-timeout")
    @WithDefault("30s")
    Duration requestBodyTimeout();

    /**
     * The largest body of a request that carries a CSR (orders, certificate issuance), below
     * {@code quarkus.http.limits.max-body-size}: an RSA-8192 CSR with a dozen names is under 5 KiB.
     */
    @WithName("csr-body-limit")
    @WithDefault("16K")
    MemorySize csrBodyLimit();

    /**
     * Token buckets of requests with an {@code Authorization} header or a client certificate, kept
     * per token (by its hash), per certificate and per client address; a request over a limit gets 429 with {@code Retry-After}.
     */
    interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        /** Requests per credential or enrollment token. */
        @WithName("per-token")
        Limit perToken();

        /** Requests per presented client certificate (without a token), e.g. device self-renewal. */
        @WithName("per-certificate")
        Limit perCertificate();

        /** Authenticated requests per client address. */
        @WithName("per-address")
        Limit perAddress();

        /**
         * Refused tokens (401) per client address: token guessing; an address over it gets 429 for any token.
         * Also counted across replicas, in a window of capacity / refill-per-minute minutes.
         */
        @WithName("failed-auth")
        Limit failedAuth();

        /** Requests without credentials, per client address and group of endpoints. */
        AnonymousRateLimit anonymous();
    }

    /** A token bucket: a burst of {@code capacity}, refilled at {@code refill-per-minute}. */
    interface Limit {
        @Min(1)
        long capacity();

        @WithName("refill-per-minute")
        @Min(1)
        long refillPerMinute();
    }

    /**
     * The nginx configuration for client-certificate authentication. Every value is written into
     * nginx.conf, so each is restricted to characters that cannot start another directive.
     */
    interface Nginx {
        /** Keep {@link #dir()} current and reload the running nginx. */
        @WithDefault("false")
        boolean enabled();

        /** Where nginx.conf, the CA bundle, the CRL, the pid file, logs and temp files live (nginx's prefix). */
        @WithDefault("/var/lib/portcullis/nginx")
        Path dir();

        /** The unauthenticated application nginx protects. */
        @WithDefault("http://127.0.0.1:3000")
        @Pattern(regexp = "https?://[A-Za-z0-9._~:/\\[\\]@!&()*+,=%-]+", message = "must be an http(s) URL")
        String upstream();

        /** nginx {@code server_name}: one or more names separated by spaces. */
        @WithName("server-name")
        @WithDefault("localhost")
        @Pattern(regexp = "[A-Za-z0-9.*_-]+( [A-Za-z0-9.*_-]+)*", message = "must be host names separated by spaces")
        String serverName();

        /** Address to listen on, e.g. {@code 127.0.0.1}; all addresses when absent. */
        @WithName("listen-address")
        Optional<@Pattern(regexp = "[0-9A-Fa-f.:\\[\\]]+", message = "must be an IP address") String> listenAddress();

        @WithName("https-port")
        @WithDefault("443")
        @Min(1)
        @Max(65535)
        int httpsPort();

        /** Port of the server that redirects to HTTPS; 0 renders no such server. */
        @WithName("http-port")
        @WithDefault("80")
        @Min(0)
        @Max(65535)
        int httpPort();

        /** The site's own certificate chain; default Let's Encrypt's {@code live/<first server name>/fullchain.pem}. */
        @WithName("tls-certificate")
        Optional<Path> tlsCertificate();

        /** The key of that certificate; default Let's Encrypt's {@code privkey.pem}. */
        @WithName("tls-certificate-key")
        Optional<Path> tlsCertificateKey();

        /** The nginx executable used for {@code nginx -t} and {@code nginx -s reload}. */
        @WithDefault("nginx")
        @NotBlank
        String binary();

        /** Check client certificates with our OCSP responder instead of the CRL: revocation without a reload. */
        @WithDefault("false")
        boolean ocsp();

        /** The OCSP responder nginx asks; default {@code <public-url>/api/v1/ocsp}. */
        @WithName("ocsp-responder")
        Optional<@Pattern(regexp = "https?://[A-Za-z0-9._~:/\\[\\]@!&()*+,=%-]+", message = "must be an http(s) URL") String> ocspResponder();

        /** nginx {@code resolver}, needed only when the OCSP responder is a host name. */
        Optional<@Pattern(regexp = "[A-Za-z0-9.:\\[\\]=_ -]+", message = "must be addresses and resolver options") String> resolver();

        /** Where the refusal page sends unenrolled devices; default the public URL. */
        @WithName("enroll-url")
        Optional<@Pattern(regexp = "https?://[A-Za-z0-9._~:/?#\\[\\]@!&()*+,=%-]+", message = "must be an http(s) URL") String> enrollUrl();

        /** nginx {@code ssl_verify_depth}. */
        @WithName("verify-depth")
        @WithDefault("2")
        @Min(1)
        @Max(10)
        int verifyDepth();

        /** nginx {@code proxy_read_timeout}, long enough for WebSockets that idle. */
        @WithName("proxy-read-timeout-seconds")
        @WithDefault("3600")
        @Min(1)
        int proxyReadTimeoutSeconds();
    }

    /** Kubernetes objects (ingress controllers' client-CA Secrets, a Gateway API ConfigMap) this service keeps current. */
    Kubernetes kubernetes();

    /** Settings of the Kubernetes objects kept current; empty targets switch the feature off. */
    interface Kubernetes {
        /**
         * {@code KIND:NAMESPACE/NAME}, comma separated; KIND is {@code ingress-nginx}, {@code f5} or
         * {@code gateway-api}. Absent: nothing is written and no Kubernetes client is created.
         */
        Optional<List<String>> targets();

        /** How often every target is written again even without a change (catches edits and deletions). */
        @WithName("resync-interval")
        @WithDefault("5m")
        @DurationMin(seconds = 1)
        @DurationMax(hours = 1)
        Duration resyncInterval();
    }

    /** Settings of the sidecar role. */
    interface Sidecar {
        /** Base URL of the CA, e.g. {@code http://portcullis.portcullis.svc:8080}. */
        @WithName("ca-url")
        Optional<@Pattern(regexp = "https?://[^\\s?#]+", message = "must be an http(s) URL without query or fragment") String> caUrl();

        /** Seconds between polls of the CA bundle and the CRL (and between checks in the CA role). */
        @WithName("poll-seconds")
        @WithDefault("10")
        @Min(1)
        @Max(3600)
        int pollSeconds();
    }
}
