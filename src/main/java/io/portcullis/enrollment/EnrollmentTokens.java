package io.portcullis.enrollment;

import io.portcullis.audit.AuditAction;
import io.portcullis.audit.AuditTrail;
import io.portcullis.ca.Actor;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.Lifetimes;
import io.portcullis.ca.Page;
import io.portcullis.ca.SubjectAltName;
import io.portcullis.ca.SubjectName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/** Enrollment tokens: created by administrators or issuers within their scope, spent by devices. */
@ApplicationScoped
public class EnrollmentTokens {

    private static final Logger LOG = Logger.getLogger(EnrollmentTokens.class);

    static final int DEFAULT_USES = 1;
    static final int MAX_USES = 10_000;
    static final long DEFAULT_EXPIRES_IN_SECONDS = 86_400;
    static final long MAX_EXPIRES_IN_SECONDS = 90L * 86_400;
    /** X.520 upper bound of a common name. */
    static final int MAX_COMMON_NAME_LENGTH = 64;
    static final int MAX_SANS = 100;
    private static final Set<ErrorType> REFUSALS_AUDITED = EnumSet.of(ErrorType.REJECTED_IDENTIFIER,
            ErrorType.FORBIDDEN);

    private final EnrollmentTokenStore store;
    private final ScopeEnforcer scopes;
    private final AuditTrail audit;
    private final Clock clock;

    @Inject
    public EnrollmentTokens(EnrollmentTokenStore store, ScopeEnforcer scopes, AuditTrail audit, Clock clock) {
        this.store = store;
        this.scopes = scopes;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Creates a token; an issuer's scope bounds its names and validity. A refusal for names or a
     * validity beyond the scope leaves an audit row, written after the transaction rolled back.
     */
    public IssuedEnrollmentToken create(TokenSpec spec, Actor actor, CredentialScope scope) {
        return audit.refusalsAudited(actor, AuditAction.ENROLLMENT_TOKEN_CREATED, null, REFUSALS_AUDITED,
                () -> mint(spec, actor, scope));
    }

    /**
     * The token's transaction, opened although {@link #create} calls it on this bean: ArC intercepts
     * a bean's calls to its own non-private methods.
     */
    @Transactional
    IssuedEnrollmentToken mint(TokenSpec spec, Actor actor, CredentialScope scope) {
        if (spec.commonName() == null || spec.commonName().isBlank()
                || spec.commonName().length() > MAX_COMMON_NAME_LENGTH
                || spec.commonName().chars().anyMatch(Character::isISOControl)) {
            throw new CaException(ErrorType.MALFORMED, "commonName is required: at most "
                    + MAX_COMMON_NAME_LENGTH + " characters, no control characters.");
        }
        try {
            SubjectName.ofCommonName(spec.commonName());
        } catch (IllegalArgumentException e) {
            throw new CaException(ErrorType.MALFORMED, "commonName: " + e.getMessage());
        }
        List<String> rawSans = spec.subjectAltNames() == null ? List.of() : spec.subjectAltNames();
        if (rawSans.size() > MAX_SANS || rawSans.stream().anyMatch(s -> s == null || s.isBlank() || s.length() > 253)) {
            throw new CaException(ErrorType.MALFORMED, "subjectAltNames holds up to " + MAX_SANS
                    + " names such as DNS:door.home.example or IP:192.0.2.7.");
        }
        List<SubjectAltName> sans = rawSans.stream().map(SubjectAltName::parse).distinct().toList();
        int uses = spec.uses() == null ? DEFAULT_USES : spec.uses();
        if (uses < 1 || uses > MAX_USES) {
            throw new CaException(ErrorType.MALFORMED, "uses must be between 1 and " + MAX_USES + ".");
        }
        long expiresIn = spec.expiresInSeconds() == null ? DEFAULT_EXPIRES_IN_SECONDS : spec.expiresInSeconds();
        if (expiresIn < 1 || expiresIn > MAX_EXPIRES_IN_SECONDS) {
            throw new CaException(ErrorType.MALFORMED,
                    "expiresInSeconds must be between 1 and " + MAX_EXPIRES_IN_SECONDS + ".");
        }
        Approval approval = spec.approval() == null ? Approval.AUTO : Approval.fromLabel(spec.approval());
        if (approval == null) {
            throw new CaException(ErrorType.MALFORMED, "approval must be auto or manual.");
        }
        Duration validity = scopes.admit(scope, spec.commonName(), sans,
                Lifetimes.requested(spec.validityDays(), spec.validity(), "validityDays", "validity"));
        Instant now = clock.instant();
        String secret = Secrets.newToken(Secrets.ENROLLMENT_PREFIX);
        EnrollmentToken token = new EnrollmentToken(Secrets.newId(), spec.commonName(), sans, validity, uses,
                uses, approval, now.plus(Duration.ofSeconds(expiresIn)), actor.toString(), now);
        store.insert(token, Secrets.hash(secret));
        audit.record(actor, AuditAction.ENROLLMENT_TOKEN_CREATED, token.id());
        LOG.infof("Enrollment token %s for CN %s created by %s", token.id(), spec.commonName(), actor);
        return new IssuedEnrollmentToken(token, secret);
    }

    /** Live tokens; an issuer sees only those it created. */
    @Transactional
    public Page<EnrollmentToken> list(Actor viewer, int page, int size) {
        Page.check(page, size);
        return store.listActive(restrictedTo(viewer), page, size);
    }

    /** Deletes a token: it stops working at once. An issuer may delete only its own tokens. */
    @Transactional
    public void delete(String id, Actor actor) {
        String owner = restrictedTo(actor);
        Optional<EnrollmentToken> token = store.findActive(id);
        if (token.isEmpty() || owner != null && !owner.equals(token.get().createdBy())) {
            throw new CaException(ErrorType.NOT_FOUND, "No enrollment token with this id.");
        }
        store.delete(id, clock.instant());
        audit.record(actor, AuditAction.ENROLLMENT_TOKEN_DELETED, id);
    }

    /** The live (not deleted) token a bearer secret belongs to, spent or not. */
    @Transactional
    public Optional<EnrollmentToken> resolve(String secret) {
        if (!Secrets.hasShape(secret, Secrets.ENROLLMENT_PREFIX)) {
            return Optional.empty();
        }
        return store.findActive(Secrets.hash(secret));
    }

    private static String restrictedTo(Actor actor) {
        return CredentialRole.ISSUER.label().equals(actor.role()) ? actor.toString() : null;
    }

    /** What a caller asks for; {@code null} fields take their defaults. */
    public record TokenSpec(String commonName, List<String> subjectAltNames, Integer validityDays, String validity,
            Integer uses, Long expiresInSeconds, String approval) {
    }
}
