package io.portcullis.acme;

import io.portcullis.audit.AuditAction;
import io.portcullis.audit.AuditTrail;
import io.portcullis.ca.Actor;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.enrollment.Credential;
import io.portcullis.enrollment.CredentialRole;
import io.portcullis.enrollment.Credentials;
import io.portcullis.enrollment.EnrollmentTokenStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

/**
 * Makes external account binding keys for credentials and enrollment tokens. The HMAC key is
 * returned once; the service keeps it only sealed ({@link EabCipher}).
 */
@ApplicationScoped
public class EabKeys {

    /** The key id and the base64url HMAC key, as ACME clients take them ({@code --eab-kid}, {@code --eab-hmac-key}). */
    public record Issued(String kid, String hmacKey) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final AcmeStore store;
    private final EabCipher cipher;
    private final Credentials credentials;
    private final EnrollmentTokenStore tokens;
    private final AuditTrail audit;
    private final Clock clock;

    @Inject
    public EabKeys(AcmeStore store, EabCipher cipher, Credentials credentials, EnrollmentTokenStore tokens,
            AuditTrail audit, Clock clock) {
        this.store = store;
        this.cipher = cipher;
        this.credentials = credentials;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    /** A key whose account issues within the credential's scope, as the credential. */
    @Transactional
    public Issued forCredential(String credentialId, Actor actor) {
        Credential credential = liveCredential(credentialId).orElseThrow(() -> new CaException(ErrorType.NOT_FOUND,
                "No credential with this id."));
        if (credential.role() == CredentialRole.AUDITOR) {
            throw new CaException(ErrorType.CONFLICT, "An auditor credential issues nothing, so it gets no ACME account.");
        }
        return issue(credential.id(), null, actor);
    }

    /** A key whose account obtains the enrollment token's identity, spending the token's uses. */
    @Transactional
    public Issued forToken(String tokenId, Actor actor) {
        if (tokens.findActive(tokenId).isEmpty()) {
            throw new CaException(ErrorType.NOT_FOUND, "No enrollment token with this id.");
        }
        return issue(null, tokenId, actor);
    }

    /** The live credential with this id. */
    Optional<Credential> liveCredential(String id) {
        return credentials.list().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    private Issued issue(String credentialId, String tokenId, Actor actor) {
        byte[] id = new byte[16];
        byte[] hmac = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(hmac);
        String kid = "eab_" + BASE64URL.encodeToString(id);
        store.insertEabKey(new EabKey(kid, credentialId, tokenId, cipher.seal(kid, hmac), actor.toString(),
                clock.instant(), null));
        audit.record(actor, AuditAction.ACME_EAB_CREATED, kid);
        return new Issued(kid, BASE64URL.encodeToString(hmac));
    }
}
