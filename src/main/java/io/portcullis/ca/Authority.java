package io.portcullis.ca;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The certificate authority's one issuance cycle, shared by every path that makes a certificate:
 * validate against policy, reserve a random serial, record the intent, sign, store the signed
 * certificate in the same transaction. The caller answers only after the transaction commits, so
 * no client ever holds a certificate the database does not know.
 */
@ApplicationScoped
public class Authority {

    /** Serial collisions are astronomically rare; a few retries make them impossible in practice. */
    static final int SERIAL_ATTEMPTS = 5;
    /** A century: beyond it a date leaves the range PostgreSQL timestamps can hold meaningfully. */
    static final int MAX_EXPIRING_WITHIN_DAYS = 36_500;

    private final CsrParser csrParser;
    private final IssuancePolicy policy;
    private final SerialNumbers serials;
    private final CertificateStore store;
    private final CertificateSigner signer;
    private final ActiveCa activeCa;
    private final Event<CertificateIssued> issued;
    private final Clock clock;

    @Inject
    public Authority(CsrParser csrParser, IssuancePolicy policy, SerialNumbers serials, CertificateStore store,
            CertificateSigner signer, ActiveCa activeCa, Event<CertificateIssued> issued, Clock clock) {
        this.csrParser = csrParser;
        this.policy = policy;
        this.serials = serials;
        this.store = store;
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
     * Issues a certificate for a verified CSR, inside the caller's transaction if there is one.
     * Parse first with {@link #parse} so bad input never holds a database connection.
     */
    @Transactional
    public CertificateRecord issue(CertificateRequest csr, Integer validityDays, Actor actor) {
        CaCertificate ca = activeCa.certificate();
        policy.checkRequest(csr, ca);
        Instant now = clock.instant();
        IssuancePolicy.Validity validity = policy.validity(validityDays, now, ca);
        IssuanceIntent intent = reserveSerial(csr, validity, actor, now);
        byte[] der = signer.signCertificate(new CertificateTemplate(intent.serial(), csr.subjectDer(),
                csr.subjectAltNames(), csr.publicKey(), csr.isRsa(), validity.notBefore(), validity.notAfter()));
        String fingerprint = Hashes.sha256Hex(der);
        store.complete(intent.serial(), der, fingerprint);
        CertificateRecord record = new CertificateRecord(intent.serial(), csr.subject(), csr.commonName(),
                csr.subjectAltNames(), validity.notBefore(), validity.notAfter(), csr.keyAlgorithm(), fingerprint,
                csr.spkiSha256(), der, actor.toString(), now, null);
        issued.fire(new CertificateIssued(record));
        return record;
    }

    private IssuanceIntent reserveSerial(CertificateRequest csr, IssuancePolicy.Validity validity, Actor actor,
            Instant now) {
        for (int attempt = 0; attempt < SERIAL_ATTEMPTS; attempt++) {
            IssuanceIntent intent = new IssuanceIntent(serials.next(), csr.subject(), csr.commonName(),
                    csr.subjectAltNames(), validity.notBefore(), validity.notAfter(), csr.keyAlgorithm(),
                    csr.spkiSha256(), csr.der(), actor, now);
            if (store.reserve(intent)) {
                return intent;
            }
        }
        throw new IllegalStateException("no free serial after " + SERIAL_ATTEMPTS + " attempts");
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
        if (page < 0 || size < 1 || size > 500) {
            throw new CaException(ErrorType.MALFORMED, "page must be >= 0 and size between 1 and 500.");
        }
        if ((long) page * size > Integer.MAX_VALUE) {
            throw new CaException(ErrorType.MALFORMED, "page is beyond the last possible page.");
        }
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
