package io.portcullis.enrollment;

import io.portcullis.audit.AuditAction;
import io.portcullis.audit.AuditTrail;
import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.Actor;
import io.portcullis.ca.Authority;
import io.portcullis.ca.CaException;
import io.portcullis.ca.CertificateRecord;
import io.portcullis.ca.CertificateRequest;
import io.portcullis.ca.DeviceKeys;
import io.portcullis.ca.Enrolment;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.GeneratedKey;
import io.portcullis.ca.SubjectAltName;
import io.portcullis.ca.SubjectName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * PKCS#12 bundles with a key the service generates, for people whose device cannot make a CSR.
 * The key is made in memory, certified through the one issuance cycle (an enrollment token's
 * order, or an administrator's or issuer's issuance within its scope) and leaves only inside the
 * bundle. Every check runs before the key is made; the key and the password are never stored or
 * logged, and a refused request leaves no row and spends no token use.
 */
@ApplicationScoped
public class Pkcs12Bundles {

    private static final Logger LOG = Logger.getLogger(Pkcs12Bundles.class);
    private static final Set<ErrorType> TOKEN_REFUSALS_AUDITED = EnumSet.of(ErrorType.UNAUTHENTICATED,
            ErrorType.FORBIDDEN);

    private final Orders orders;
    private final Authority authority;
    private final ScopeEnforcer scopes;
    private final DeviceKeys keys;
    private final ActiveCa activeCa;
    private final AuditTrail audit;

    @Inject
    public Pkcs12Bundles(Orders orders, Authority authority, ScopeEnforcer scopes, DeviceKeys keys, ActiveCa activeCa,
            AuditTrail audit) {
        this.orders = orders;
        this.authority = authority;
        this.scopes = scopes;
        this.keys = keys;
        this.activeCa = activeCa;
        this.audit = audit;
    }

    /** For an enrollment token: the subject is the token's, and the token's use is spent as by an order. */
    public Pkcs12Bundle forToken(Pkcs12Request request, Actor actor) {
        try {
            // the same trace a refused order leaves, written after the refused transaction rolled back
            return audit.refusalsAudited(actor, AuditAction.ORDER_CREATED, actor.id(), TOKEN_REFUSALS_AUDITED, () -> {
                EnrollmentToken token = orders.tokenForServerKey(actor);
                GeneratedKey key = generate(request, SubjectName.ofCommonName(token.commonName()),
                        token.subjectAltNames());
                return bundle(request, key, orders.submitServerKey(authority.parse(key.csrDer()), actor).certificate());
            });
        } finally {
            request.wipe();
        }
    }

    /**
     * For an administrator or issuer: any names and validity an administrator likes, an issuer's
     * held to its credential's scope. The subject is {@code CN=commonName}, written by the typed
     * encoder: a common name is text, never a distinguished name to parse.
     */
    public Pkcs12Bundle forCredential(Pkcs12Request request, String commonName, List<String> subjectAltNames,
            Duration validity, Actor actor, CredentialScope scope) {
        try {
            if (commonName == null || commonName.isBlank()) {
                throw new CaException(ErrorType.MALFORMED, "commonName is required.");
            }
            SubjectName subject;
            try {
                subject = SubjectName.ofCommonName(commonName);
            } catch (IllegalArgumentException e) {
                throw new CaException(ErrorType.MALFORMED, "commonName: " + e.getMessage());
            }
            List<String> raw = subjectAltNames == null ? List.of() : subjectAltNames;
            if (raw.stream().anyMatch(s -> s == null || s.isBlank())) {
                throw new CaException(ErrorType.MALFORMED, "subjectAltNames holds names such as DNS:door.home.example.");
            }
            List<SubjectAltName> sans = raw.stream().map(SubjectAltName::parse).distinct().toList();
            Duration admitted = scopes.admit(scope, commonName, sans, validity);
            GeneratedKey key = generate(request, subject, sans);
            CertificateRequest csr = parseOwnCsr(key);
            return bundle(request, key, authority.issue(csr, admitted, actor,
                    Enrolment.byCredential(actor, scope.maxValidity())));
        } finally {
            request.wipe();
        }
    }

    private Pkcs12Bundle bundle(Pkcs12Request request, GeneratedKey key, CertificateRecord certificate) {
        byte[] pkcs12 = keys.pkcs12(key, certificate.der(), List.of(activeCa.certificate().der()), request.password(),
                request.profile(), request.friendlyNameOr(certificate.commonName()));
        LOG.infof("PKCS#12 bundle (%s, %s) with certificate %s for CN %s made for %s", request.keyAlgorithm().label(),
                request.profile().label(), certificate.serialHex(), certificate.commonName(), certificate.issuedBy());
        return new Pkcs12Bundle(pkcs12, certificate);
    }

    /** A key for names the caller typed: a name no CSR could carry is a malformed request. */
    private GeneratedKey generate(Pkcs12Request request, SubjectName subject, List<SubjectAltName> sans) {
        try {
            return keys.generate(request.keyAlgorithm(), subject, sans);
        } catch (CaException e) {
            throw e.type() == ErrorType.BAD_CSR ? new CaException(ErrorType.MALFORMED, e.detail()) : e;
        }
    }

    /** The CSR checks still apply to names the caller typed; their refusal is about the request, not a CSR. */
    private CertificateRequest parseOwnCsr(GeneratedKey key) {
        try {
            return authority.parse(key.csrDer());
        } catch (CaException e) {
            throw e.type() == ErrorType.BAD_CSR ? new CaException(ErrorType.MALFORMED, e.detail()) : e;
        }
    }
}
