package io.portcullis.nginx;

import io.portcullis.ca.Pem;
import io.portcullis.ca.trust.CrlNumbers;
import io.portcullis.ca.trust.PublishedCrl;
import io.portcullis.ca.trust.TrustMaterial;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sidecar's view of a remote CA: {@code GET /api/v1/ca/bundle} and {@code GET /api/v1/crl},
 * fetched with conditional GETs. A CRL is accepted only if one of the bundle's certificates signed
 * it and its number does not go backwards; until a fetch succeeds the last accepted pair stays.
 */
public class RemoteTrustMaterial implements TrustMaterial {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** One accepted snapshot: the bundle and a CRL verified against it. */
    private record Snapshot(String bundlePem, PublishedCrl crl) {
    }

    /** A response body and the validators for the next conditional GET. */
    private record Fetched(byte[] body, String etag, String lastModified) {
    }

    private final URI bundleUrl;
    private final URI crlUrl;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private volatile Snapshot snapshot;
    private Fetched bundle;
    private Fetched crl;

    public RemoteTrustMaterial(String caUrl) {
        String base = caUrl.replaceAll("/+$", "");
        this.bundleUrl = URI.create(base + "/api/v1/ca/bundle");
        this.crlUrl = URI.create(base + "/api/v1/crl");
    }

    /**
     * Fetches what changed and verifies it.
     *
     * @return whether anything new was accepted
     * @throws NginxException when the CA cannot be reached or answers with something unacceptable;
     *                        the previous snapshot stays
     */
    public synchronized boolean refresh() {
        Fetched newBundle = fetch(bundleUrl, "application/x-pem-file", bundle);
        Fetched newCrl = fetch(crlUrl, "application/pkix-crl", crl);
        if (newBundle == bundle && newCrl == crl && snapshot != null) {
            return false;
        }
        String bundlePem = new String(newBundle.body(), StandardCharsets.US_ASCII);
        PublishedCrl verified = verify(bundlePem, newCrl.body());
        Snapshot current = snapshot;
        if (current != null && verified.number().compareTo(current.crl().number()) < 0) {
            throw new NginxException("the CA served CRL " + verified.number() + ", older than the deployed CRL "
                    + current.crl().number() + "; keeping the newer one");
        }
        snapshot = new Snapshot(bundlePem, verified);
        bundle = newBundle;
        crl = newCrl;
        return current == null || !current.equals(snapshot);
    }

    /** Whether a verified bundle and CRL have been fetched at least once. */
    public boolean hasSnapshot() {
        return snapshot != null;
    }

    @Override
    public String caBundlePem() {
        return required().bundlePem();
    }

    @Override
    public Optional<PublishedCrl> currentCrl() {
        return Optional.of(required().crl());
    }

    private Snapshot required() {
        Snapshot s = snapshot;
        if (s == null) {
            throw new NginxException("nothing has been fetched from the CA yet");
        }
        return s;
    }

    /** Returns {@code previous} itself when the server answers 304 Not Modified. */
    private Fetched fetch(URI url, String accept, Fetched previous) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Accept", accept);
        if (previous != null && previous.etag() != null) {
            request.header("If-None-Match", previous.etag());
        }
        if (previous != null && previous.lastModified() != null) {
            request.header("If-Modified-Since", previous.lastModified());
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new NginxException("cannot reach the CA at " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NginxException("interrupted while fetching " + url, e);
        }
        if (response.statusCode() == 304 && previous != null) {
            return previous;
        }
        if (response.statusCode() != 200) {
            throw new NginxException("the CA answered " + response.statusCode() + " for " + url);
        }
        return new Fetched(response.body(), response.headers().firstValue("ETag").orElse(null),
                response.headers().firstValue("Last-Modified").orElse(null));
    }

    /** Parses the CRL (DER or PEM) and checks that a certificate of the bundle signed it. */
    static PublishedCrl verify(String bundlePem, byte[] crlBytes) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> cas = new ArrayList<>();
            for (byte[] der : Pem.decodeAll(bundlePem, "CERTIFICATE")) {
                cas.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
            if (cas.isEmpty()) {
                throw new NginxException("the CA bundle holds no certificate");
            }
            byte[] der = Pem.looksLikePem(crlBytes)
                    ? Pem.decodeAll(new String(crlBytes, StandardCharsets.US_ASCII), "X509 CRL").stream().findFirst()
                            .orElseThrow(() -> new NginxException("the CRL is not a PEM X509 CRL"))
                    : crlBytes;
            X509CRL crl = (X509CRL) factory.generateCRL(new ByteArrayInputStream(der));
            for (X509Certificate ca : cas) {
                if (ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal()) && signedBy(crl, ca)) {
                    if (crl.getNextUpdate() == null) {
                        throw new NginxException("the CRL has no nextUpdate");
                    }
                    return new PublishedCrl(crlNumber(crl), crl.getThisUpdate().toInstant(),
                            crl.getNextUpdate().toInstant(), crl.getEncoded());
                }
            }
            throw new NginxException("the CRL is not signed by a certificate of the CA bundle");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new NginxException("the CA bundle or the CRL cannot be parsed: " + e.getMessage(), e);
        }
    }

    private static boolean signedBy(X509CRL crl, X509Certificate ca) {
        try {
            crl.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static BigInteger crlNumber(X509CRL crl) {
        return CrlNumbers.of(crl).orElseThrow(() -> new NginxException("the CRL has no valid cRLNumber extension"));
    }
}
