package io.portcullis.enrollment;

import io.portcullis.audit.AuditAction;
import io.portcullis.audit.AuditTrail;
import io.portcullis.ca.Actor;
import io.portcullis.ca.Authority;
import io.portcullis.ca.CaException;
import io.portcullis.ca.CertificateRecord;
import io.portcullis.ca.CertificateRequest;
import io.portcullis.ca.Enrolment;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.IssuancePolicy;
import io.portcullis.ca.Page;
import io.portcullis.config.PortcullisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Orders: a device presents a CSR with its enrollment token (or, with open enrollment, without
 * one); the certificate is issued at once through the one issuance cycle or after an
 * administrator's approval. Spending a token's use, recording the order, issuing and auditing
 * happen in one transaction, so a failure anywhere leaves nothing behind and spends nothing.
 * What a token binds is {@link TokenBinding}'s; expiry and retention are {@link OrderExpiry}'s.
 */
@ApplicationScoped
public class Orders {

    /** Role of an actor holding an enrollment token. */
    public static final String ENROLLMENT_ROLE = "enrollment";
    /** Who orders under open enrollment. */
    public static final Actor ANONYMOUS = new Actor("anonymous", "anonymous");
    static final int MAX_REASON_LENGTH = 500;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final Set<ErrorType> REFUSALS_AUDITED = EnumSet.of(ErrorType.REJECTED_IDENTIFIER,
            ErrorType.UNAUTHENTICATED);
    private static final Set<String> READ_ALL_ROLES = Set.of(CredentialRole.ADMIN.label(), CredentialRole.AUDITOR.label());

    private final OrderStore store;
    private final EnrollmentTokenStore tokens;
    private final Authority authority;
    private final IssuancePolicy policy;
    private final PolicySubjects subjects;
    private final AuditTrail audit;
    private final PortcullisConfig config;
    private final Clock clock;

    @Inject
    public Orders(OrderStore store, EnrollmentTokenStore tokens, Authority authority, IssuancePolicy policy,
            PolicySubjects subjects, AuditTrail audit, PortcullisConfig config, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.authority = authority;
        this.policy = policy;
        this.subjects = subjects;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** Whether orders without a token are accepted ({@code PORTCULLIS_ENROLLMENT_OPEN}). */
    public boolean acceptsAnonymous() {
        return config.enrollmentOpen();
    }

    /** Seconds a client should wait before polling a pending order again. */
    public long retryAfterSeconds() {
        return Math.max(1, config.order().retryAfter().toSeconds());
    }

    /**
     * Creates an order from a PEM or DER CSR for an enrollment-token actor (its id is the token id)
     * or {@link #ANONYMOUS}. A token that does not hold or a CSR beyond its identity leaves an audit
     * row, written after the order's transaction rolled back.
     *
     * @throws CaException 401 for a spent, expired or deleted token or closed enrollment,
     *                     403 {@code rejectedIdentifier} when the CSR is not the identity the token binds
     */
    public OrderView submit(byte[] csr, Actor actor) {
        return submit(authority.parse(csr), actor);
    }

    /** The same for a CSR already parsed (and its subject decided), as ACME's finalize has it. */
    public OrderView submit(CertificateRequest csr, Actor actor) {
        return audit.refusalsAudited(actor, AuditAction.ORDER_CREATED, ANONYMOUS.equals(actor) ? null : actor.id(),
                REFUSALS_AUDITED, () -> place(csr, actor));
    }

    /**
     * The order's transaction, opened although {@link #submit} calls it on this bean: ArC intercepts
     * a bean's calls to its own non-private methods.
     */
    @Transactional
    OrderView place(CertificateRequest csr, Actor actor) {
        policy.checkKey(csr);
        Instant now = clock.instant();
        if (ANONYMOUS.equals(actor)) {
            if (!acceptsAnonymous()) {
                throw closed();
            }
            if (store.lockAndCountPending(actor.toString(), now) >= config.order().maxPendingAnonymous()) {
                throw new CaException(ErrorType.RATE_LIMITED, "Too many anonymous orders await an administrator's"
                        + " decision; try again later or ask for an enrollment token.");
            }
            return new OrderView(create(null, csr, null, actor, now), null);
        }
        return submitWithToken(usableToken(actor, now, false), csr, actor, now);
    }

    /**
     * The enrollment token an actor may spend on a key the service generates (a PKCS#12 bundle),
     * looked up before any key is made. Such a certificate must be issued at once: the service
     * never keeps a private key while an administrator decides.
     *
     * @throws CaException 401 for a spent, expired or deleted token or an anonymous caller,
     *                     403 for a token that needs manual approval
     */
    @Transactional
    public EnrollmentToken tokenForServerKey(Actor actor) {
        if (ANONYMOUS.equals(actor)) {
            throw new CaException(ErrorType.UNAUTHENTICATED, "A bundle needs an enrollment token (Authorization: Bearer pce_…).");
        }
        return usableToken(actor, clock.instant(), true);
    }

    /**
     * Orders a certificate for a key the service generated for the token's identity; issued at
     * once or not at all (see {@link #tokenForServerKey}).
     */
    @Transactional
    public OrderView submitServerKey(CertificateRequest csr, Actor actor) {
        Instant now = clock.instant();
        return submitWithToken(usableToken(actor, now, true), csr, actor, now);
    }

    private EnrollmentToken usableToken(Actor actor, Instant now, boolean serverKey) {
        if (!ENROLLMENT_ROLE.equals(actor.role())) {
            throw new CaException(ErrorType.FORBIDDEN, "Orders are made with an enrollment token; "
                    + "credentials issue through POST /api/v1/certificates.");
        }
        EnrollmentToken token = tokens.findActive(actor.id()).filter(t -> t.usableAt(now)).orElseThrow(Orders::spent);
        if (serverKey && token.approval() == Approval.MANUAL) {
            throw new CaException(ErrorType.FORBIDDEN, "This enrollment token needs an administrator's approval, and "
                    + "the service never keeps a private key while an order waits. Make a key and CSR on the device "
                    + "and order with POST /api/v1/orders, or ask for a token with automatic approval.");
        }
        return token;
    }

    private OrderView submitWithToken(EnrollmentToken token, CertificateRequest requested, Actor actor, Instant now) {
        TokenBinding.requireBound(token, requested);
        // the token names the subject: refused here, before a use is spent, when the CSR asks for more
        CertificateRequest csr = subjects.bind(requested, token.commonName());
        if (!tokens.consumeUse(token.id(), now)) {
            throw spent();
        }
        Order order = create(token.id(), csr, token.validity(), actor, now);
        if (token.approval() == Approval.MANUAL) {
            return new OrderView(order, null);
        }
        return issue(order, csr, token.validity(), token.createdBy(), actor, now);
    }

    /** The order as of now, if {@code viewer} may read it: admins and auditors any, a token its own. */
    @Transactional
    public OrderView get(String id, Actor viewer) {
        Order order = readable(id, viewer);
        return new OrderView(order, order.serial() == null ? null : authority.get(order.serial()));
    }

    /**
     * Issues a pending order's certificate; approving a second time issues nothing and answers 409.
     * A token's order gets the token's subject; an open-enrollment order the subject it asked for,
     * which the approving administrator sees.
     *
     * @param validity the lifetime, or {@code null} for the order's
     */
    @Transactional
    public OrderView approve(String id, Duration validity, Actor actor) {
        Instant now = clock.instant();
        Order order = decidable(id, now);
        CertificateRequest csr = authority.parse(order.csr());
        String tokenCreator = order.tokenId() == null ? null
                : tokens.findActive(order.tokenId()).map(EnrollmentToken::createdBy).orElse(null);
        if (order.tokenId() != null) {
            csr = subjects.bind(csr, order.commonName());
        }
        OrderView view = issue(order, csr, validity != null ? validity : order.validity(), tokenCreator, actor, now);
        audit.record(actor, AuditAction.ORDER_APPROVED, id);
        return view;
    }

    @Transactional
    public OrderView reject(String id, String reason, Actor actor) {
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw new CaException(ErrorType.MALFORMED, "reason is at most " + MAX_REASON_LENGTH + " characters.");
        }
        Instant now = clock.instant();
        Order order = decidable(id, now);
        store.markRejected(id, reason, actor.toString(), now);
        audit.record(actor, AuditAction.ORDER_REJECTED, id);
        return new OrderView(order.rejected(reason, actor.toString(), now), null);
    }

    @Transactional
    public Page<Order> list(String status, int page, int size) {
        Page.check(page, size);
        OrderStatus parsed = status == null || status.isBlank() ? null : OrderStatus.fromLabel(status);
        if (status != null && !status.isBlank() && parsed == null) {
            throw new CaException(ErrorType.MALFORMED, "status must be pending, valid or invalid.");
        }
        Instant now = clock.instant();
        return store.search(parsed, now, page, size).map(o -> o.at(now));
    }

    private Order create(String tokenId, CertificateRequest csr, Duration validity, Actor actor, Instant now) {
        Duration expiry = config.order().expiry();
        Order order = new Order(Secrets.newId(), tokenId, OrderStatus.PENDING, csr.commonName(),
                csr.subjectAltNames(), csr.der(), validity, null, actor.toString(), now, now.plus(expiry), null,
                null, null, null);
        store.insert(order);
        audit.record(actor, AuditAction.ORDER_CREATED, order.id());
        return order;
    }

    /** Issues an order's certificate, enrolling a new device under the token's (or approver's) lifetime. */
    private OrderView issue(Order order, CertificateRequest csr, Duration validity, String tokenCreator, Actor actor,
            Instant now) {
        CertificateRecord certificate = authority.issue(csr, validity, actor,
                Enrolment.byOrder(order.id(), order.tokenId(), tokenCreator, validity));
        store.markValid(order.id(), certificate.serial(), actor.toString(), now);
        return new OrderView(order.issued(certificate.serial(), actor.toString(), now), certificate);
    }

    private Order readable(String id, Actor viewer) {
        Order order = ID.matcher(id).matches() ? store.find(id).orElse(null) : null;
        if (order == null || !mayRead(viewer, order)) {
            throw notFound();
        }
        return order.at(clock.instant());
    }

    private static boolean mayRead(Actor viewer, Order order) {
        if (READ_ALL_ROLES.contains(viewer.role())) {
            return true;
        }
        if (ENROLLMENT_ROLE.equals(viewer.role())) {
            return viewer.id().equals(order.tokenId());
        }
        // The unguessable id is the capability of an order made under open enrollment.
        return ANONYMOUS.equals(viewer) && order.tokenId() == null;
    }

    private Order decidable(String id, Instant now) {
        Order order = (ID.matcher(id).matches() ? store.findForUpdate(id) : Optional.<Order>empty())
                .orElseThrow(Orders::notFound).at(now);
        if (order.status() == OrderStatus.VALID) {
            throw new CaException(ErrorType.CONFLICT, "The order is already approved and its certificate issued.");
        }
        if (order.status() == OrderStatus.INVALID) {
            throw new CaException(ErrorType.CONFLICT, "The order is " + order.invalidReason() + "; nothing to decide.");
        }
        return order;
    }

    private static CaException spent() {
        return new CaException(ErrorType.UNAUTHENTICATED, "The enrollment token is used up, expired or deleted.");
    }

    private static CaException closed() {
        return new CaException(ErrorType.UNAUTHENTICATED,
                "This CA accepts orders only with an enrollment token (Authorization: Bearer pce_…).");
    }

    private static CaException notFound() {
        return new CaException(ErrorType.NOT_FOUND, "No such order.");
    }
}
