package io.portcullis.ca;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * The certificate authority's one issuance cycle, shared by every path that makes a certificate:
 * validate against policy, reserve a random serial, record the intent, sign, store the signed
 * certificate and its audit row in the same transaction. The caller answers only after the
 * transaction commits, so no client ever holds a certificate the database does not know. The
 * {@link IssuanceLedger} writes in the caller's transaction ({@link #issue}, {@link #renew}) or one
 * shared with concurrent issuances ({@link #issueShared}); either refuses a compromised key.
 */
@ApplicationScoped
public class Authority {

    /** Serial collisions are astronomically rare; a few retries make them impossible in practice. */
    static final int SERIAL_ATTEMPTS = 5;
    /** A century: beyond it a date leaves the range PostgreSQL timestamps can hold meaningfully. */
    static final int MAX_EXPIRING_WITHIN_DAYS = 36_500;
    /** Roles whose certificates get {@code CN=<authorised name>} only (issuer credentials, enrollment tokens). */
    static final Set<String> POLICY_SUBJECT_ROLES = Set.of("issuer", "enrollment");

    private final CsrParser csrParser;
    private final NameCodec names;
    private final IssuancePolicy policy;
    private final SerialNumbers serials;
    private final CertificateStore store;
    private final IssuanceLedger callersTransaction;
    private final IssuanceLedger sharedTransaction;
    private final CertificateSigner signer;
    private final ActiveCa activeCa;
    private final Event<CertificateIssued> issued;
    private final Clock clock;

    @Inject
    public Authority(CsrParser csrParser, NameCodec names, IssuancePolicy policy, SerialNumbers serials,
            CertificateStore store, @IssuanceLedger.CallersTransaction IssuanceLedger callersTransaction,
            @IssuanceLedger.SharedTransaction IssuanceLedger sharedTransaction, CertificateSigner signer,
            ActiveCa activeCa, Event<CertificateIssued> issued, Clock clock) {
        this.csrParser = csrParser;
        this.names = names;
        this.policy = policy;
        this.serials = serials;
        this.store = store;
        this.callersTransaction = callersTransaction;
        this.sharedTransaction = sharedTransaction;
        this.signer = signer;
        this.activeCa = activeCa;
        this.issued = issued;
        this.clock = clock;
    }

    /** Parses and verifies a CSR without issuing anything. */
    public CertificateRequest parse(byte[] csr) {
        return csrParser.parse(csr);
    }

    /**
     * The request with a subject that policy decided rather than the one the CSR asked for,
     * written by the typed encoder.
     */
    public CertificateRequest withSubject(CertificateRequest csr, SubjectName subject) {
        byte[] der = names.encode(subject);
        return csr.withSubject(subject, der, new X500Principal(der).getName(X500Principal.RFC2253));
    }

    /**
     * A stored CSR parsed again for a renewal, with the subject decided at issuance rather than the
     * CSR's own: the renewed certificate's subject, and for a certificate an issuer or enrollment
     * token obtained, its common name alone (a certificate from before subjects were built from
     * policy may still carry attributes its CSR chose; a renewal never carries them on).
     */
    public CertificateRequest renewalRequest(byte[] csr, CertificateRecord renewed) {
        String role = renewed.issuedBy().substring(0, Math.max(0, renewed.issuedBy().indexOf(':')));
        if (POLICY_SUBJECT_ROLES.contains(role)) {
            return withSubject(parse(csr), SubjectName.ofCommonName(renewed.commonName()));
        }
        byte[] subject;
        try {
            subject = ((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(renewed.der()))).getSubjectX500Principal().getEncoded();
        } catch (CertificateException e) {
            throw new IllegalStateException("a stored certificate no longer parses", e);
        }
        SubjectName name;
        try {
            name = names.decode(subject);
        } catch (IllegalArgumentException e) {
            throw new CaException(ErrorType.BAD_CSR, "The certificate's subject cannot be issued again: " + e.getMessage());
        }
        return withSubject(parse(csr), name);
    }

    /**
     * Issues the first certificate of a new device for a verified CSR, inside the caller's
     * transaction if there is one. Parse first with {@link #parse} so bad input never holds a
     * database connection.
     */
    @Transactional
    public CertificateRecord issue(CertificateRequest csr, Duration validity, Actor actor, Enrolment enrolment) {
        CaCertificate ca = activeCa.certificate();
        policy.checkRequest(csr, ca);
        return cycle(csr, policy.lifetime(validity), actor, DeviceLink.enrol(enrolment), ca, callersTransaction);
    }

    /**
     * The next certificate of a device, superseding {@code predecessor}, in the caller's
     * transaction (which holds the device's lock); the lifetime is already decided by the device's policy.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public CertificateRecord renew(CertificateRequest csr, Duration lifetime, Actor actor, Device device, BigInteger predecessor) {
        CaCertificate ca = activeCa.certificate();
        policy.checkRequest(csr, ca);
        return cycle(csr, lifetime, actor, DeviceLink.renewal(device.id(), predecessor), ca, callersTransaction);
    }

    /**
     * The same cycle for a new device in a transaction shared with concurrent issuances (group
     * commit), for callers without a transaction of their own: the intent, the certificate, its
     * device and its audit row commit together with other requests' before this returns.
     */
    public CertificateRecord issueShared(CertificateRequest csr, Duration validity, Actor actor, Enrolment enrolment) {
        CaCertificate ca = activeCa.certificate();
        policy.checkRequest(csr, ca);
        return cycle(csr, policy.lifetime(validity), actor, DeviceLink.enrol(enrolment), ca, sharedTransaction);
    }

    /**
     * Validity → serial → intent (refused for a compromised key) → signature → certificate,
     * whichever ledger's transaction holds the rows.
     */
    private CertificateRecord cycle(CertificateRequest csr, Duration lifetime, Actor actor, DeviceLink device,
            CaCertificate ca, IssuanceLedger ledger) {
        Instant now = clock.instant();
        IssuancePolicy.Validity validity = policy.validityFor(lifetime, now, ca);
        for (int attempt = 0; attempt < SERIAL_ATTEMPTS; attempt++) {
            IssuanceIntent intent = intent(csr, validity, actor, now, device);
            IssuanceLedger.Reservation reservation = ledger.reserve(intent);
            Optional<BigInteger> compromised = reservation.compromisedBy();
            if (compromised.isPresent()) {
                throw policy.compromised(compromised.get());
            }
            if (reservation.reserved()) {
                byte[] der;
                try {
                    der = sign(intent, csr);
                } catch (RuntimeException e) {
                    try {
                        reservation.withdraw();
                    } catch (RuntimeException withdrawal) {
                        e.addSuppressed(withdrawal);
                    }
                    throw e;
                }
                String fingerprint = Hashes.sha256Hex(der);
                reservation.complete(der, fingerprint);
                return issued(intent, csr, der, fingerprint);
            }
        }
        throw new IllegalStateException("no free serial after " + SERIAL_ATTEMPTS + " attempts");
    }

    private IssuanceIntent intent(CertificateRequest csr, IssuancePolicy.Validity validity, Actor actor, Instant now,
            DeviceLink device) {
        return new IssuanceIntent(serials.next(), csr.subject(), csr.commonName(), csr.subjectAltNames(),
                validity.notBefore(), validity.notAfter(), csr.keyAlgorithm(), csr.spkiSha256(), csr.der(), actor, now,
                device);
    }

    private byte[] sign(IssuanceIntent intent, CertificateRequest csr) {
        return signer.signCertificate(new CertificateTemplate(intent.serial(), csr.subjectDer(), csr.subjectAltNames(),
                csr.publicKey(), csr.isRsa(), intent.notBefore(), intent.notAfter()));
    }

    /** The record as stored, announced to observers (inside the transaction, or after the shared one). */
    private CertificateRecord issued(IssuanceIntent intent, CertificateRequest csr, byte[] der, String fingerprint) {
        CertificateRecord record = new CertificateRecord(intent.serial(), csr.subject(), csr.commonName(),
                csr.subjectAltNames(), intent.notBefore(), intent.notAfter(), csr.keyAlgorithm(), fingerprint,
                csr.spkiSha256(), der, intent.issuedBy().toString(), intent.issuedAt(), null, intent.device().predecessor(),
                intent.device().deviceId());
        issued.fire(new CertificateIssued(record));
        return record;
    }

    public Optional<CertificateRecord> find(BigInteger serial) {
        return store.find(serial);
    }

    /** The record for a serial, or 404. */
    public CertificateRecord get(BigInteger serial) {
        return store.find(serial).orElseThrow(() -> new CaException(ErrorType.NOT_FOUND,
                "No certificate with serial " + serial.toString(16) + "."));
    }

    public Page<CertificateRecord> search(CertificateStatus status, String commonName, Integer expiringWithinDays,
            int page, int size) {
        Page.checkIntOffset(page, size);
        if (expiringWithinDays != null && (expiringWithinDays < 0 || expiringWithinDays > MAX_EXPIRING_WITHIN_DAYS)) {
            throw new CaException(ErrorType.MALFORMED, "expiringWithinDays must be between 0 and "
                    + MAX_EXPIRING_WITHIN_DAYS + ".");
        }
        if (commonName != null && (commonName.length() > 256 || commonName.chars().anyMatch(Character::isISOControl))) {
            throw new CaException(ErrorType.MALFORMED, "commonName must be at most 256 characters without control characters.");
        }
        return store.search(new CertificateQuery(status, commonName, expiringWithinDays, page, size, clock.instant()));
    }
}
