package io.portcullis.acme;

import io.portcullis.ca.Authority;
import io.portcullis.ca.CaException;
import io.portcullis.ca.CertificateRecord;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.Renewals;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;

/**
 * ACME Renewal Information (RFC 9773): a certID is the base64url key identifier of the issuing CA
 * (the certificate's authority key identifier) and the base64url DER content of its serial. The
 * window is the one {@code /api/v1/certificates/{serial}/renewal-info} answers.
 */
@ApplicationScoped
public class AcmeRenewalInfo {

    private final Authority authority;
    private final Renewals renewals;

    @Inject
    public AcmeRenewalInfo(Authority authority, Renewals renewals) {
        this.authority = authority;
        this.renewals = renewals;
    }

    public Renewals.Window window(String certId) {
        String[] parts = certId.split("\\.", -1);
        byte[] keyId;
        byte[] serialBytes;
        try {
            if (parts.length != 2) {
                throw new IllegalArgumentException("two parts");
            }
            keyId = Base64.getUrlDecoder().decode(parts[0]);
            serialBytes = Base64.getUrlDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new CaException(ErrorType.MALFORMED, "A certID is base64url(keyIdentifier).base64url(serial).");
        }
        if (serialBytes.length == 0 || serialBytes.length > 21 || keyId.length == 0) {
            throw new CaException(ErrorType.MALFORMED, "A certID is base64url(keyIdentifier).base64url(serial).");
        }
        BigInteger serial = new BigInteger(serialBytes);
        CertificateRecord record = authority.find(serial).filter(r -> MessageDigest.isEqual(keyId, authorityKeyId(r.der())))
                .orElseThrow(() -> new CaException(ErrorType.NOT_FOUND, "This CA issued no certificate with that certID."));
        return renewals.renewalInfo(record.serial());
    }

    private static byte[] authorityKeyId(byte[] der) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            byte[] extension = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
            if (extension == null) {
                return new byte[0];
            }
            byte[] id = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(extension).getOctets())
                    .getKeyIdentifierOctets();
            return id == null ? new byte[0] : id;
        } catch (CertificateException e) {
            throw new IllegalStateException("a stored certificate no longer parses", e);
        }
    }
}
