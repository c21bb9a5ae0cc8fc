package io.portcullis.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The nginx configuration for client-certificate authentication. Every value is written into
 * nginx.conf, so each is restricted to characters that cannot start another directive.
 */
public interface NginxConfig {
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
