package io.portcullis.acme;

import com.fasterxml.jackson.databind.JsonNode;
import io.portcullis.ca.Authority;
import io.portcullis.ca.CaException;
import io.portcullis.ca.CertificateRecord;
import io.portcullis.ca.CertificateRequest;
import io.portcullis.ca.Enrolment;
import io.portcullis.ca.ErrorType;
import io.portcullis.enrollment.OrderStatus;
import io.portcullis.enrollment.OrderView;
import io.portcullis.enrollment.Orders;
import io.portcullis.enrollment.PolicySubjects;
import io.portcullis.enrollment.ScopeEnforcer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * ACME orders. The account's binding is its authorisation, so identifiers inside its scope get
 * valid authorizations at once and the rest are refused at newOrder. Finalizing runs the CSR
 * through the same issuance as every other path: a credential's account as that credential
 * (scope, policy subject, device enrolment under the credential), a token's account as an
 * enrollment order of that token (its identity, its uses, its approval).
 */
@ApplicationScoped
public class AcmeOrders {

    /** How long an order may wait for its finalize. */
    static final Duration LIFETIME = Duration.ofDays(7);
    static final int MAX_IDENTIFIERS = 100;

    private final AcmeStore store;
    private final Accounts accounts;
    private final Authority authority;
    private final ScopeEnforcer scopes;
    private final PolicySubjects subjects;
    private final Orders orders;
    private final Clock clock;

    @Inject
    public AcmeOrders(AcmeStore store, Accounts accounts, Authority authority, ScopeEnforcer scopes,
            PolicySubjects subjects, Orders orders, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.authority = authority;
        this.scopes = scopes;
        this.subjects = subjects;
        this.orders = orders;
        this.clock = clock;
    }

    @Transactional
    public AcmeOrder create(AcmeAccount account, JsonNode payload) {
        if (payload.has("notBefore") || payload.has("notAfter")) {
            throw new CaException(ErrorType.MALFORMED, "notBefore and notAfter are not supported: the lifetime is the "
                    + "credential's or token's.");
        }
        JsonNode list = payload.get("identifiers");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_IDENTIFIERS) {
            throw new CaException(ErrorType.MALFORMED, "identifiers is a list of 1 to " + MAX_IDENTIFIERS + " identifiers.");
        }
        Set<Identifier> identifiers = new LinkedHashSet<>();
        for (JsonNode node : list) {
            identifiers.add(Identifier.of(node.path("type").textValue(), node.path("value").textValue()));
        }
        accounts.scope(account).admit(List.copyOf(identifiers));
        Instant now = clock.instant();
        List<String> authorizations = identifiers.stream().map(i -> UUID.randomUUID().toString()).toList();
        AcmeOrder order = new AcmeOrder(UUID.randomUUID().toString(), account.id(), AcmeOrder.READY,
                List.copyOf(identifiers), now.plus(LIFETIME), null, null, now, authorizations);
        store.insertOrder(order);
        return order;
    }

    /** The account's order as of now; a token order waiting for approval is looked up again. */
    @Transactional
    public AcmeOrder get(AcmeAccount account, String id) {
        AcmeOrder order = owned(account, id, false);
        if (AcmeOrder.PROCESSING.equals(order.status()) && order.enrollmentOrderId() != null) {
            OrderView view = orders.get(order.enrollmentOrderId(), AccountScope.tokenActor(account.tokenId()));
            if (view.order().status() == OrderStatus.VALID) {
                store.markOrder(id, AcmeOrder.VALID, null, view.order().serial());
            } else if (view.order().status() == OrderStatus.INVALID) {
                store.markOrder(id, AcmeOrder.INVALID, null, null);
            }
            order = store.findOrder(id, false).orElseThrow();
        }
        return order;
    }

    @Transactional
    public AcmeOrder finalize(AcmeAccount account, String id, JsonNode payload) {
        AcmeOrder order = owned(account, id, true);
        String status = order.statusAt(clock.instant());
        if (!AcmeOrder.READY.equals(status)) {
            throw new CaException(ErrorType.ORDER_NOT_READY, "The order is " + status + ", not ready to finalize.");
        }
        byte[] der;
        try {
            der = Base64.getUrlDecoder().decode(payload.path("csr").asText(""));
        } catch (IllegalArgumentException e) {
            throw new CaException(ErrorType.MALFORMED, "csr must be the base64url DER of a PKCS#10 request.");
        }
        if (der.length == 0) {
            throw new CaException(ErrorType.MALFORMED, "csr must be the base64url DER of a PKCS#10 request.");
        }
        CertificateRequest csr = authority.parse(der);
        String commonName = requireOrderNames(order, csr);
        AccountScope scope = accounts.scope(account);
        if (scope.token() != null) {
            OrderView view = orders.submit(subjects.bind(csr, scope.token().commonName()), scope.actor());
            boolean issued = view.order().status() == OrderStatus.VALID;
            store.markOrder(id, issued ? AcmeOrder.VALID : AcmeOrder.PROCESSING, view.order().id(),
                    issued ? view.order().serial() : null);
        } else {
            Duration admitted = scopes.admit(scope.credentialScope(), csr, null);
            CertificateRecord record = authority.issue(subjects.bind(csr, commonName), admitted, scope.actor(),
                    Enrolment.byCredential(scope.actor(), scope.credentialScope().maxValidity()));
            store.markOrder(id, AcmeOrder.VALID, null, record.serial());
        }
        return store.findOrder(id, false).orElseThrow();
    }

    /** The issued certificate of a valid order. */
    @Transactional
    public CertificateRecord certificate(AcmeAccount account, String id) {
        AcmeOrder order = owned(account, id, false);
        if (order.serial() == null) {
            throw new CaException(ErrorType.NOT_FOUND, "The order has no certificate.");
        }
        return authority.get(order.serial());
    }

    @Transactional
    public AcmeStore.Authorization authorization(AcmeAccount account, String id) {
        AcmeStore.Authorization authorization = store.findAuthorization(id).orElseThrow(AcmeOrders::notFound);
        owned(account, authorization.orderId(), false);
        return authorization;
    }

    @Transactional
    public List<String> orderIds(AcmeAccount account) {
        return store.orderIds(account.id());
    }

    /**
     * The CSR must ask for exactly the order's identifiers (RFC 8555 section 7.4): its DNS and IP
     * names, and its common name if it has one, all among them, and each of them named.
     *
     * @return the common name the certificate gets: the CSR's, else the first DNS identifier
     */
    private static String requireOrderNames(AcmeOrder order, CertificateRequest csr) {
        Set<Identifier> named = new LinkedHashSet<>();
        csr.subjectAltNames().forEach(san -> {
            Identifier id = Identifier.ofOrNull(san);
            if (id == null) {
                throw new CaException(ErrorType.BAD_CSR, "The CSR may name only the order's DNS names and IP addresses.");
            }
            named.add(id);
        });
        String commonName = csr.commonName();
        if (commonName != null) {
            Identifier cn = order.identifiers().stream().filter(i -> i.value().equalsIgnoreCase(commonName)).findFirst()
                    .orElseThrow(() -> new CaException(ErrorType.BAD_CSR, "The CSR's common name is not one of the order's identifiers."));
            named.add(cn);
        }
        if (!named.equals(new LinkedHashSet<>(order.identifiers()))) {
            throw new CaException(ErrorType.BAD_CSR, "The CSR must name exactly the order's identifiers.");
        }
        if (commonName != null) {
            return commonName.toLowerCase(java.util.Locale.ROOT);
        }
        List<Identifier> dns = new ArrayList<>(order.identifiers().stream().filter(i -> Identifier.DNS.equals(i.type())).toList());
        return dns.isEmpty() ? null : dns.get(0).value();
    }

    private AcmeOrder owned(AcmeAccount account, String id, boolean forUpdate) {
        return store.findOrder(id, forUpdate).filter(o -> o.accountId().equals(account.id()))
                .orElseThrow(AcmeOrders::notFound);
    }

    private static CaException notFound() {
        return new CaException(ErrorType.NOT_FOUND, "No such order of this account.");
    }
}
