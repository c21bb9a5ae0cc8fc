package io.portcullis.config;

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

/**
 * Typed configuration of the whole service. Every key is overridable by an environment variable
 * ({@code portcullis.ca.key-algorithm} is {@code PORTCULLIS_CA_KEY_ALGORITHM}); the key names are
 * part of the public interface and documented in the README.
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

    /** The certificate authority itself. */
    Ca ca();

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
    }
    /** Revocation lists and their publication (issue 4). */
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
}
