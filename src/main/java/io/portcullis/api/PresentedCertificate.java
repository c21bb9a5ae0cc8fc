package io.portcullis.api;

import io.portcullis.ca.CaException;
import io.portcullis.ca.CertificateRecord;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.Pem;
import io.portcullis.ca.lifecycle.HolderAuthentication;
import io.portcullis.config.PortcullisConfig;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jboss.logging.Logger;

/**
 * The client certificate of the current request: from this service's own TLS handshake (client
 * auth {@code request}), or from the header a trusted proxy forwards (URL-encoded PEM). The header
 * is believed only when the TCP peer is in {@code PORTCULLIS_TRUSTED_PROXIES}; from anyone else it
 * is ignored, since anyone can send any header.
 */
@RequestScoped
public class PresentedCertificate {

    private static final Logger LOG = Logger.getLogger(PresentedCertificate.class);
    /** A PEM certificate with a few kilobytes of extensions; anything longer is not one. */
    static final int MAX_HEADER_LENGTH = 16 * 1024;

    @Inject
    CurrentVertxRequest current;

    @Inject
    TrustedProxies proxies;

    @Inject
    PortcullisConfig config;

    @Inject
    HolderAuthentication authentication;

    /**
     * The verified record of the presented certificate.
     *
     * @throws CaException 401 when none is presented or it does not authenticate
     */
    public CertificateRecord require() {
        byte[] der = der().orElseThrow(() -> new CaException(ErrorType.UNAUTHENTICATED,
                "Present a client certificate issued by this CA (on TLS, or through a trusted proxy),"
                        + " or a bearer token."));
        return authentication.authenticate(der);
    }

    private Optional<byte[]> der() {
        return der(current.getCurrent().request(), proxies, config.clientCertHeader());
    }

    /**
     * The DER of the certificate a request presents, read as {@link #require} reads it; the rate
     * limits use it too, before the request reaches the REST layer.
     *
     * @throws CaException 401 when a trusted proxy forwards something that is not a certificate
     */
    static Optional<byte[]> der(HttpServerRequest request, TrustedProxies proxies, String headerName) {
        Optional<byte[]> tls = fromTls(request);
        if (tls.isPresent()) {
            return tls;
        }
        String header = request.getHeader(headerName);
        if (header == null || header.isBlank() || "(null)".equals(header)) {
            return Optional.empty();
        }
        String peer = request.connection().remoteAddress() == null ? null : request.connection().remoteAddress().hostAddress();
        if (!proxies.contains(peer)) {
            LOG.debugf("Ignoring %s header from %s, which is not a trusted proxy", headerName, peer);
            return Optional.empty();
        }
        if (header.length() > MAX_HEADER_LENGTH) {
            throw new CaException(ErrorType.UNAUTHENTICATED, "The forwarded client certificate is too long.");
        }
        // '+' is base64 here, never an encoded space: keep it before decoding
        String pem;
        try {
            pem = URLDecoder.decode(header.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new CaException(ErrorType.UNAUTHENTICATED, "The forwarded client certificate is not URL-encoded PEM.");
        }
        List<byte[]> blocks;
        try {
            blocks = Pem.decodeAll(pem, "CERTIFICATE");
        } catch (IllegalArgumentException e) {
            blocks = List.of();
        }
        if (blocks.isEmpty()) {
            throw new CaException(ErrorType.UNAUTHENTICATED, "The forwarded client certificate is not URL-encoded PEM.");
        }
        return Optional.of(blocks.get(0));
    }

    private static Optional<byte[]> fromTls(HttpServerRequest request) {
        if (!request.isSSL()) {
            return Optional.empty();
        }
        SSLSession session = request.sslSession();
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length == 0 ? Optional.empty() : Optional.of(chain[0].getEncoded());
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty(); // client auth is "request": a client without a certificate is fine here
        } catch (CertificateEncodingException e) {
            throw new CaException(ErrorType.UNAUTHENTICATED, "The client certificate cannot be encoded.");
        }
    }
}
