package io.portcullis.ca;

import io.portcullis.config.PortcullisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import javax.security.auth.x500.X500Principal;

/** The rules every certificate passes before a serial is reserved for it. */
@ApplicationScoped
public class IssuancePolicy {

    /** Leaves are backdated so devices whose clocks lag a little accept them at once. */
    static final Duration BACKDATE = Duration.ofMinutes(1);

    /** The validity window of a certificate about to be issued. */
    public record Validity(Instant notBefore, Instant notAfter) {
    }

    private final PortcullisConfig config;
    private final CompromisedKeys compromisedKeys;

    @Inject
    public IssuancePolicy(PortcullisConfig config, CompromisedKeys compromisedKeys) {
        this.config = config;
        this.compromisedKeys = compromisedKeys;
    }

    /**
     * Refuses requests that would make a certificate that cannot work. The compromised-key check
     * reads the database in the transaction that writes the intent, so it is the ledger's
     * ({@link IssuanceLedger.Reservation#compromisedBy}); {@link #checkKey} only answers early.
     */
    public void checkRequest(CertificateRequest request, CaCertificate ca) {
        if (request.commonName() == null && request.subjectAltNames().isEmpty()) {
            throw new CaException(ErrorType.BAD_CSR, "The CSR has neither a common name nor subject alternative names.");
        }
        X500Principal subject = new X500Principal(request.subjectDer());
        if (subject.equals(ca.certificate().getSubjectX500Principal())
                || Arrays.equals(request.subjectDer(), ca.certificate().getSubjectX500Principal().getEncoded())) {
            throw new CaException(ErrorType.BAD_CSR, "The CSR's subject equals the CA's subject (" + ca.subject()
                    + "); the certificate would look self-issued and fail verification. Use a distinct subject.");
        }
    }

    /**
     * Refuses a key revoked for keyCompromise before any issuance: orders check it on arrival, so a
     * device learns at once rather than when an administrator approves (the issuance itself is
     * refused by the ledger, with the same query).
     */
    public void checkKey(CertificateRequest request) {
        compromisedKeys.revokedWith(request.spkiSha256()).ifPresent(serial -> {
            throw compromised(serial);
        });
    }

    /** The refusal of a key that certificate {@code revokedSerial} reported compromised. */
    public CaException compromised(BigInteger revokedSerial) {
        return new CaException(ErrorType.BAD_PUBLIC_KEY, "This public key was reported compromised (certificate "
                + revokedSerial.toString(16) + " was revoked for keyCompromise) and is never certified again; "
                + "generate a new key.");
    }

    /**
     * The validity of a new leaf: the requested lifetime (or the default), capped by the maximum and
     * by the CA certificate's own end, in whole seconds.
     */
    public Validity validity(Duration requested, Instant clockNow, CaCertificate ca) {
        return validityFor(lifetime(requested), clockNow, ca);
    }

    /** The lifetime asked for, or the default; at least {@link Lifetimes#MINIMUM}. */
    public Duration lifetime(Duration requested) {
        Duration lifetime = requested == null ? Duration.ofDays(config.defaultValidityDays()) : requested;
        if (lifetime.compareTo(Lifetimes.MINIMUM) < 0) {
            throw new CaException(ErrorType.MALFORMED, "A certificate lives at least " + Lifetimes.MINIMUM + ".");
        }
        return lifetime;
    }

    /** The validity of a new leaf with a lifetime already decided, capped by the maximum and the CA's end. */
    public Validity validityFor(Duration lifetime, Instant clockNow, CaCertificate ca) {
        // X.509 times have whole seconds; the record must state exactly what the certificate says
        Instant now = clockNow.truncatedTo(ChronoUnit.SECONDS);
        Duration max = Duration.ofDays(config.maxValidityDays());
        Duration granted = lifetime.compareTo(max) > 0 ? max : lifetime;
        granted = granted.getSeconds() < 1 ? Duration.ofSeconds(1) : Duration.ofSeconds(granted.getSeconds());
        if (!now.isBefore(ca.notAfter())) {
            throw new CaException(ErrorType.UNAVAILABLE, "The CA certificate has expired; renew the CA first.");
        }
        Instant notAfter = now.plus(granted);
        if (notAfter.isAfter(ca.notAfter())) {
            notAfter = ca.notAfter();
        }
        return new Validity(now.minus(BACKDATE), notAfter);
    }
}
