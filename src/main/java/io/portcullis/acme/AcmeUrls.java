package io.portcullis.acme;

import io.portcullis.config.PortcullisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The ACME URLs, all under the configured public URL ({@code PORTCULLIS_PUBLIC_URL}): the ones the
 * directory hands out are the ones a JWS {@code url} header must name.
 */
@ApplicationScoped
public class AcmeUrls {

    /** Where the ACME server lives. */
    public static final String ROOT = "/acme";

    private final String origin;

    @Inject
    public AcmeUrls(PortcullisConfig config) {
        String url = config.publicUrl();
        this.origin = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The URL of a request whose path (as routed) is {@code path}. */
    public String of(String path) {
        return origin + path;
    }

    public String directory() {
        return of(ROOT + "/directory");
    }

    public String newNonce() {
        return of(ROOT + "/new-nonce");
    }

    public String newAccount() {
        return of(ROOT + "/new-account");
    }

    public String newOrder() {
        return of(ROOT + "/new-order");
    }

    public String revokeCert() {
        return of(ROOT + "/revoke-cert");
    }

    public String keyChange() {
        return of(ROOT + "/key-change");
    }

    public String renewalInfo() {
        return of(ROOT + "/renewal-info");
    }

    public String account(String id) {
        return of(ROOT + "/acct/" + id);
    }

    public String order(String id) {
        return of(ROOT + "/order/" + id);
    }

    public String authorization(String id) {
        return of(ROOT + "/authz/" + id);
    }

    public String finalize(String id) {
        return of(ROOT + "/order/" + id + "/finalize");
    }

    public String certificate(String id) {
        return of(ROOT + "/cert/" + id);
    }

    /** The account id a {@code kid} names, or {@code null} when it is not one of this server's account URLs. */
    public String accountId(String kid) {
        String prefix = of(ROOT + "/acct/");
        return kid.startsWith(prefix) && kid.length() > prefix.length() ? kid.substring(prefix.length()) : null;
    }
}
