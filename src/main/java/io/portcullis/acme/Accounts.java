package io.portcullis.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import io.portcullis.audit.AuditAction;
import io.portcullis.audit.AuditTrail;
import io.portcullis.ca.Actor;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.enrollment.Credential;
import io.portcullis.enrollment.EnrollmentToken;
import io.portcullis.enrollment.EnrollmentTokenStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * ACME accounts (RFC 8555 section 7.3): created only with an external account binding, whose key
 * binds this one account and no other; updated, deactivated and re-keyed by their own key.
 */
@ApplicationScoped
public class Accounts {

    static final int MAX_CONTACTS = 10;

    /** The account and whether this request created it. */
    public record Found(AcmeAccount account, boolean created) {
    }

    private final AcmeStore store;
    private final EabCipher cipher;
    private final EabKeys eabKeys;
    private final EnrollmentTokenStore tokens;
    private final AcmeUrls urls;
    private final AuditTrail audit;
    private final Clock clock;

    @Inject
    public Accounts(AcmeStore store, EabCipher cipher, EabKeys eabKeys, EnrollmentTokenStore tokens, AcmeUrls urls,
            AuditTrail audit, Clock clock) {
        this.store = store;
        this.cipher = cipher;
        this.eabKeys = eabKeys;
        this.tokens = tokens;
        this.urls = urls;
        this.audit = audit;
        this.clock = clock;
    }

    /** newAccount: the existing account of this key, or a new one bound by the request's EAB. */
    @Transactional
    public Found create(JWK key, JsonNode payload) {
        String thumbprint = JwsKeys.thumbprint(key);
        var existing = store.findAccountByThumbprint(thumbprint);
        if (existing.isPresent()) {
            return new Found(existing.get(), false);
        }
        if (payload.path("onlyReturnExisting").asBoolean(false)) {
            throw new CaException(ErrorType.ACCOUNT_DOES_NOT_EXIST, "No account has this key.");
        }
        JwsKeys.publicKey(key); // refuses key types that could never sign
        EabBinding binding = EabBinding.parse(payload.get("externalAccountBinding"));
        EabKey eab = store.findEabKey(binding.kid()).orElseThrow(() -> new CaException(ErrorType.FORBIDDEN,
                "The external account binding names an unknown key id."));
        if (eab.accountId() != null) {
            throw new CaException(ErrorType.FORBIDDEN, "This external account binding key is used already: "
                    + "one key binds one account.");
        }
        binding.verify(cipher.open(eab.kid(), eab.encryptedKey()), key, urls.newAccount());
        AcmeAccount account = new AcmeAccount(UUID.randomUUID().toString(), key.toPublicJWK().toJSONString(), thumbprint,
                AcmeAccount.VALID, contacts(payload), eab.kid(), eab.credentialId(), eab.tokenId(), clock.instant());
        scope(account); // the credential or token must still be alive
        store.insertAccount(account);
        if (!store.bindEabKey(eab.kid(), account.id(), clock.instant())) {
            throw new CaException(ErrorType.FORBIDDEN, "This external account binding key is used already.");
        }
        audit.record(scope(account).actor(), AuditAction.ACME_ACCOUNT_CREATED, account.id());
        return new Found(account, true);
    }

    /** Account update (RFC 8555 section 7.3.2) and deactivation (7.3.6); an empty payload just reads it. */
    @Transactional
    public AcmeAccount update(AcmeAccount account, JsonNode payload) {
        if (payload.has("contact")) {
            store.updateContact(account.id(), contacts(payload));
        }
        JsonNode status = payload.get("status");
        if (status != null) {
            if (!AcmeAccount.DEACTIVATED.equals(status.asText())) {
                throw new CaException(ErrorType.MALFORMED, "An account's status can only be set to deactivated.");
            }
            store.deactivate(account.id());
            audit.record(scope(account).actor(), AuditAction.ACME_ACCOUNT_DEACTIVATED, account.id());
        }
        return store.findAccount(account.id()).orElseThrow();
    }

    /** Replaces the account key; 409 when another account holds the new key. */
    @Transactional
    public void changeKey(AcmeAccount account, JWK newKey) {
        if (!store.changeKey(account.id(), newKey.toPublicJWK().toJSONString(), JwsKeys.thumbprint(newKey))) {
            throw new CaException(ErrorType.CONFLICT, "Another account holds the new key.");
        }
        audit.record(scope(account).actor(), AuditAction.ACME_ACCOUNT_KEY_CHANGED, account.id());
    }

    /**
     * What the account may do now.
     *
     * @throws CaException {@code unauthorized} once its credential or token is deleted
     */
    @Transactional
    public AccountScope scope(AcmeAccount account) {
        if (account.credentialId() != null) {
            Credential credential = eabKeys.liveCredential(account.credentialId()).orElseThrow(Accounts::gone);
            return new AccountScope(credential.actor(), credential.scope(), null);
        }
        EnrollmentToken token = tokens.findActive(account.tokenId()).orElseThrow(Accounts::gone);
        return new AccountScope(AccountScope.tokenActor(token.id()), null, token);
    }

    /** The actor behind an account, for audit and revocation. */
    public Actor actor(AcmeAccount account) {
        return scope(account).actor();
    }

    private static List<String> contacts(JsonNode payload) {
        JsonNode contact = payload.get("contact");
        List<String> result = new ArrayList<>();
        if (contact == null || contact.isNull()) {
            return result;
        }
        if (!contact.isArray() || contact.size() > MAX_CONTACTS) {
            throw new CaException(ErrorType.MALFORMED, "contact is a list of at most " + MAX_CONTACTS + " mailto: URLs.");
        }
        for (JsonNode c : contact) {
            String url = c.asText();
            if (!c.isTextual() || !url.matches("mailto:[^\\s,?]{3,254}")) {
                throw new CaException(ErrorType.MALFORMED, "contact entries are mailto: URLs with one address each.");
            }
            result.add(url);
        }
        return result;
    }

    private static CaException gone() {
        return new CaException(ErrorType.FORBIDDEN, "The credential or enrollment token behind this account is deleted.");
    }
}
