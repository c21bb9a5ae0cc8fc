package io.portcullis.nginx;

import io.portcullis.ca.FileSettings;
import io.portcullis.ca.StartupRefusal;
import io.portcullis.config.NginxConfig;
import io.portcullis.config.PortcullisConfig;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The resolved nginx settings: defaults filled in and every value checked to be safe to write into
 * nginx.conf (no {@code ;}, braces, quotes, {@code $} or whitespace that could end a directive or
 * start a variable), so a setting can never inject configuration, and every path absolute without
 * {@code ..} segments, so no setting (the server name included) can point outside its directory.
 *
 * @param prefix nginx's prefix directory ({@code -p}): the deployed files, pid, logs and temp files
 */
public record NginxSettings(
        Path prefix,
        String upstream,
        String serverName,
        Optional<String> listenAddress,
        int httpsPort,
        int httpPort,
        Path tlsCertificate,
        Path tlsCertificateKey,
        String binary,
        boolean ocsp,
        String ocspResponder,
        Optional<String> resolver,
        String enrollUrl,
        int verifyDepth,
        int proxyReadTimeoutSeconds) {

    /** The deployed configuration file. */
    public static final String CONF = "nginx.conf";
    /** The CA bundle nginx trusts for client certificates ({@code ssl_client_certificate}). */
    public static final String BUNDLE = "portcullis-ca.pem";
    /** The CRL, PEM ({@code ssl_crl}). */
    public static final String CRL = "portcullis-crl.pem";

    private static final Pattern SAFE_URL = Pattern.compile("https?://[A-Za-z0-9._~:/?#\\[\\]@!&()*+,=%-]+");
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/@+=,-]*");
    private static final Pattern SAFE_BINARY = Pattern.compile("[A-Za-z0-9._/@+=,-]+");

    public NginxSettings {
        FileSettings.requireAbsoluteNormal(prefix, "PORTCULLIS_NGINX_DIR");
        FileSettings.requireAbsoluteNormal(tlsCertificate, "PORTCULLIS_NGINX_TLS_CERTIFICATE (by default derived from "
                + "the first PORTCULLIS_NGINX_SERVER_NAME)");
        FileSettings.requireAbsoluteNormal(tlsCertificateKey, "PORTCULLIS_NGINX_TLS_CERTIFICATE_KEY (by default derived "
                + "from the first PORTCULLIS_NGINX_SERVER_NAME)");
        requireSafe(SAFE_PATH, prefix.toString(), "PORTCULLIS_NGINX_DIR (an absolute path)");
        requireSafe(SAFE_URL, upstream, "PORTCULLIS_NGINX_UPSTREAM");
        requireSafe(SAFE_PATH, tlsCertificate.toString(), "PORTCULLIS_NGINX_TLS_CERTIFICATE (an absolute path)");
        requireSafe(SAFE_PATH, tlsCertificateKey.toString(), "PORTCULLIS_NGINX_TLS_CERTIFICATE_KEY (an absolute path)");
        requireSafe(SAFE_BINARY, binary, "PORTCULLIS_NGINX_BINARY");
        requireSafe(SAFE_URL, ocspResponder, "PORTCULLIS_NGINX_OCSP_RESPONDER");
        requireSafe(SAFE_URL, enrollUrl, "PORTCULLIS_NGINX_ENROLL_URL (or PORTCULLIS_PUBLIC_URL)");
    }

    /** Resolves the configuration; the Let's Encrypt paths of the first server name are the TLS default. */
    public static NginxSettings from(PortcullisConfig config) {
        NginxConfig n = config.nginx();
        String firstName = n.serverName().split(" ")[0];
        Path letsEncrypt = Path.of("/etc/letsencrypt/live", firstName);
        String publicUrl = config.publicUrl().replaceAll("/+$", "");
        return new NginxSettings(n.dir().toAbsolutePath(), n.upstream(), n.serverName(), n.listenAddress(),
                n.httpsPort(), n.httpPort(),
                n.tlsCertificate().orElse(letsEncrypt.resolve("fullchain.pem")),
                n.tlsCertificateKey().orElse(letsEncrypt.resolve("privkey.pem")),
                n.binary(), n.ocsp(), n.ocspResponder().orElse(publicUrl + "/api/v1/ocsp"), n.resolver(),
                n.enrollUrl().orElse(publicUrl + "/"), n.verifyDepth(), n.proxyReadTimeoutSeconds());
    }

    public Path confFile() {
        return prefix.resolve(CONF);
    }

    public Path pidFile() {
        return prefix.resolve("nginx.pid");
    }

    /** Where candidates are rendered and tested before they replace the deployed files. */
    public Path candidateDir() {
        return prefix.resolve("candidate");
    }

    private static void requireSafe(Pattern pattern, String value, String setting) {
        if (!pattern.matcher(value).matches()) {
            throw new StartupRefusal(setting + " contains characters that are not allowed in nginx.conf: " + value);
        }
    }
}
