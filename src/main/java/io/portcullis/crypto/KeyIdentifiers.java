package io.portcullis.crypto;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/** The CA's key identifier, shared by certificates (AKI), CRLs (AKI) and OCSP responses (responder id). */
final class KeyIdentifiers {

    private KeyIdentifiers() {
    }

    /** The CA's own SKI when it has one (imported CAs), else the RFC 5280 method-1 hash of its key. */
    static byte[] of(X509Certificate caCert) {
        byte[] ext = caCert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ext != null) {
            return ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getOctets();
        }
        try {
            return new JcaX509ExtensionUtils().createSubjectKeyIdentifier(
                    SubjectPublicKeyInfo.getInstance(caCert.getPublicKey().getEncoded())).getKeyIdentifier();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 for key identifiers is always available", e);
        }
    }
}
