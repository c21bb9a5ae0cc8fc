package io.portcullis.kubernetes;

import io.portcullis.ca.Pem;
import io.portcullis.ca.trust.CrlNumbers;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The CRL an object already holds, as far as it may stop a write: only a CRL that one of our CA
 * certificates signed counts, so a foreign or damaged {@code ca.crl} is simply replaced.
 */
record HeldCrl(BigInteger number, Instant nextUpdate) {

    /** Whether this held CRL must be kept instead of writing {@code ours}: it is newer and has not expired. */
    boolean outranks(BigInteger ours, Instant now) {
        return number.compareTo(ours) > 0 && nextUpdate.isAfter(now);
    }

    /** Parses {@code ca.crl} (PEM) and checks its signature against the CA bundle (PEM). */
    static Optional<HeldCrl> parse(String crlPem, String caBundlePem) {
        if (crlPem == null || crlPem.isBlank()) {
            return Optional.empty();
        }
        try {
            List<byte[]> blocks = Pem.decodeAll(crlPem, "X509 CRL");
            if (blocks.isEmpty()) {
                return Optional.empty();
            }
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            X509CRL crl = (X509CRL) factory.generateCRL(new ByteArrayInputStream(blocks.get(0)));
            if (crl.getNextUpdate() == null || !signedByOneOf(crl, factory, caBundlePem)) {
                return Optional.empty();
            }
            return CrlNumbers.of(crl).map(n -> new HeldCrl(n, crl.getNextUpdate().toInstant()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** From the annotations of an object without a CRL (a ConfigMap); empty when absent or malformed. */
    static Optional<HeldCrl> fromAnnotations(String number, String nextUpdate) {
        try {
            return number == null || nextUpdate == null ? Optional.empty()
                    : Optional.of(new HeldCrl(new BigInteger(number), Instant.parse(nextUpdate)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean signedByOneOf(X509CRL crl, CertificateFactory factory, String caBundlePem)
            throws GeneralSecurityException {
        for (byte[] der : Pem.decodeAll(caBundlePem, "CERTIFICATE")) {
            X509Certificate ca = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
            if (ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal()) && verifies(crl, ca.getPublicKey())) {
                return true;
            }
        }
        return false;
    }

    private static boolean verifies(X509CRL crl, PublicKey key) {
        try {
            crl.verify(key);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
