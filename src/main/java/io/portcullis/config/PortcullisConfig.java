package io.portcullis.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Typed configuration of the whole service. Every key is overridable by an environment variable
 * ({@code portcullis.ca.key-algorithm} is {@code PORTCULLIS_CA_KEY_ALGORITHM}); the key names are
 * part of the public interface, each documented once in src/docs/configuration.md
 * (ConfigurationDocTest keeps that table and this interface in step). Each module's settings are a group
 * of their own ({@link CaConfig}, {@link NginxConfig}, …), which {@link ConfigGroups} offers for
 * injection on its own.
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
    CaConfig ca();

    /** The nginx reverse proxy this process renders and reloads. */
    NginxConfig nginx();

    /** Where a sidecar gets its trust material from. */
    SidecarConfig sidecar();

    /**
     * Whether devices may order without an enrollment token ({@code PORTCULLIS_ENROLLMENT_OPEN});
     * such orders always wait for an administrator.
     */
    @WithName("enrollment-open")
    @WithDefault("false")
    boolean enrollmentOpen();

    /** Orders of the enrollment API. */
    OrderConfig order();

    /** Server-sent event streams ({@code GET /api/v1/events}), public and held open for hours. */
    EventsConfig events();

    /** Revocation lists and their publication. */
    CrlConfig crl();

    /** The OCSP responder. */
    OcspConfig ocsp();

    /** Public-key cryptography. */
    CryptoConfig crypto();

    /** Renewal of device certificates. */
    RenewalConfig renewal();

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
    RateLimitConfig rateLimit();

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

    /** Kubernetes objects (ingress controllers' client-CA Secrets, a Gateway API ConfigMap) this service keeps current. */
    KubernetesConfig kubernetes();
}
