package io.portcullis.credential;

import io.portcullis.audit.AuditAction;
import io.portcullis.audit.AuditTrail;
import io.portcullis.ca.Actor;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.Lifetimes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Credentials for people and CI pipelines. A token is returned once, at creation; afterwards only
 * its hash exists, and every request looks it up again so a deleted credential stops at once.
 */
@ApplicationScoped
public class Credentials {

    private static final Logger LOG = Logger.getLogger(Credentials.class);

    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_ALLOWED_NAMES = 100;

    private final CredentialStore store;
    private final Event<CredentialDeleted> deleted;
    private final AuditTrail audit;
    private final Clock clock;

    @Inject
    public Credentials(CredentialStore store, Event<CredentialDeleted> deleted, AuditTrail audit, Clock clock) {
        this.store = store;
        this.deleted = deleted;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates a credential; an issuer's patterns are checked here, each against its own kind of name. */
    @Transactional
    public IssuedCredential create(CredentialSpec spec, Actor actor) {
        CredentialRole parsedRole = CredentialRole.fromLabel(spec.role());
        if (parsedRole == null) {
            throw new CaException(ErrorType.MALFORMED, "role must be admin, issuer or auditor.");
        }
        String name = spec.name();
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new CaException(ErrorType.MALFORMED, "name must be 1 to " + MAX_NAME_LENGTH + " characters.");
        }
        Duration maxValidity = Lifetimes.requested(spec.maxValidityDays(), spec.maxValidity(), "maxValidityDays",
                "maxValidity");
        List<String> globs = orEmpty(spec.allowedNames());
        List<String> ips = orEmpty(spec.allowedIps());
        List<String> uris = orEmpty(spec.allowedUris());
        List<String> emails = orEmpty(spec.allowedEmails());
        if (parsedRole == CredentialRole.ISSUER) {
            if (globs.isEmpty() || globs.size() > MAX_ALLOWED_NAMES) {
                throw new CaException(ErrorType.MALFORMED,
                        "An issuer needs 1 to " + MAX_ALLOWED_NAMES + " allowedNames, e.g. [\"*.ci.example\"].");
            }
            check(globs, NameGlob::parse, "allowedNames entries are names with * wildcards, without spaces, "
                    + "up to 253 characters.");
            check(ips, IpRange::parse, "allowedIps entries are addresses or CIDR ranges such as 192.0.2.0/24 "
                    + "or 2001:db8::/32, without host bits.");
            check(uris, NameGlob::parseUri, "allowedUris entries are URIs with * wildcards (never crossing a /), "
                    + "such as spiffe://prod/ns/ci/sa/*.");
            check(emails, NameGlob::parseEmail, "allowedEmails entries are addresses with * wildcards, such as "
                    + "*@ci.example.");
        } else if (!globs.isEmpty() || !ips.isEmpty() || !uris.isEmpty() || !emails.isEmpty() || maxValidity != null) {
            throw new CaException(ErrorType.MALFORMED,
                    "allowedNames, allowedIps, allowedUris, allowedEmails and maxValidity apply to issuers only.");
        }
        String token = Secrets.newToken(Secrets.CREDENTIAL_PREFIX);
        Credential credential = new Credential(Secrets.newId(), name, parsedRole, globs, ips, uris, emails, maxValidity,
                actor.toString(), clock.instant());
        store.insert(credential, Secrets.hash(token));
        audit.record(actor, AuditAction.CREDENTIAL_CREATED, credential.id());
        LOG.infof("Credential %s (%s) created by %s", credential.id(), parsedRole.label(), actor);
        return new IssuedCredential(credential, token);
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static void check(List<String> patterns, Function<String, ?> parser, String rule) {
        if (patterns.size() > MAX_ALLOWED_NAMES || patterns.stream().anyMatch(p -> parser.apply(p) == null)) {
            throw new CaException(ErrorType.MALFORMED, rule + " At most " + MAX_ALLOWED_NAMES + " entries.");
        }
    }

    /** What an administrator asks for; {@code null} lists are empty, a {@code null} cap is the service maximum. */
    public record CredentialSpec(String name, String role, List<String> allowedNames, List<String> allowedIps,
            List<String> allowedUris, List<String> allowedEmails, Integer maxValidityDays, String maxValidity) {
    }

    @Transactional
    public List<Credential> list() {
        return store.listActive();
    }

    /**
     * Deletes a credential and, in the same transaction, the enrollment tokens it handed out: a
     * leaked CI credential must not live on through the tokens it minted.
     */
    @Transactional
    public void delete(String id, Actor actor) {
        Instant now = clock.instant();
        if (!store.delete(id, now)) {
            throw new CaException(ErrorType.NOT_FOUND, "No credential with this id.");
        }
        List<String> asCreator = Arrays.stream(CredentialRole.values()).map(role -> new Actor(id, role.label()).toString())
                .toList();
        audit.record(actor, AuditAction.CREDENTIAL_DELETED, id);
        deleted.fire(new CredentialDeleted(id, asCreator, actor, now));
        LOG.infof("Credential %s deleted by %s", id, actor);
    }

    /** The live credential a bearer token belongs to. */
    @Transactional
    public Optional<Credential> resolve(String token) {
        if (!Secrets.hasShape(token, Secrets.CREDENTIAL_PREFIX)) {
            return Optional.empty();
        }
        return store.findActive(Secrets.hash(token));
    }
}
