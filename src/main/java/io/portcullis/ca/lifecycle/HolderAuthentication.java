package io.portcullis.ca.lifecycle;

import io.portcullis.ca.CaException;
import io.portcullis.ca.CertificateRecord;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.Hashes;
import io.portcullis.ca.LifecyclePolicy;
import io.portcullis.ca.issuance.Authority;
import io.portcullis.ca.trust.ActiveCa;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Authenticates a device by the certificate it presents (on the TLS handshake or forwarded by a
 * trusted proxy): it must be signed by this CA, be within its validity, be exactly a certificate
 * this service issued, and not be revoked. Every refusal is a 401 with the reason.
 */
@ApplicationScoped
public class HolderAuthentication {

    private final ActiveCa activeCa;
    private final Authority authority;
    private final Clock clock;

    @Inject
    public HolderAuthentication(ActiveCa activeCa, Authority authority, Clock clock) {
        this.activeCa = activeCa;
        this.authority = authority;
        this.clock = clock;
    }

    /** The record of the presented certificate, which becomes the actor {@link LifecyclePolicy#holder}. */
    public CertificateRecord authenticate(byte[] der) {
        X509Certificate presented = parse(der);
        X509Certificate ca = activeCa.certificate().certificate();
        if (!presented.getIssuerX500Principal().equals(ca.getSubjectX500Principal()) || !signedBy(presented, ca)) {
            throw refused("The presented certificate was not issued by this certificate authority.");
        }
        Instant now = clock.instant();
        if (now.isBefore(presented.getNotBefore().toInstant()) || !now.isBefore(presented.getNotAfter().toInstant())) {
            throw refused("The presented certificate is expired or not yet valid; ask an administrator to renew it.");
        }
        Optional<CertificateRecord> record = authority.find(presented.getSerialNumber());
        if (record.isEmpty() || !Hashes.sha256Hex(der).equals(record.get().sha256Fingerprint())) {
            throw refused("The presented certificate is not one this service issued.");
        }
        if (record.get().revokedAt() != null) {
            throw refused("The presented certificate is revoked.");
        }
        return record.get();
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw refused("The presented client certificate cannot be parsed.");
        }
    }

    private static boolean signedBy(X509Certificate presented, X509Certificate ca) {
        try {
            presented.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static CaException refused(String detail) {
        return new CaException(ErrorType.UNAUTHENTICATED, detail);
    }
}
