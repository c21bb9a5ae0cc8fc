package io.portcullis.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Key identifiers: the CA's, shared by certificates (AKI), CRLs (AKI) and OCSP responses
 * (responder id), and every certificate's own (SKI).
 */
final class KeyIdentifiers {

    private KeyIdentifiers() {
    }

    /** The CA's own SKI when it has one (imported CAs), else the RFC 5280 method-1 hash of its key. */
    static byte[] of(X509Certificate caCert) {
        byte[] ext = caCert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ext != null) {
            return ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getOctets();
        }
        return ofKey(SubjectPublicKeyInfo.getInstance(caCert.getPublicKey().getEncoded()));
    }

    /**
     * RFC 5280 4.2.1.2 method 1: the SHA-1 of the subjectPublicKey BIT STRING. A digest of its own on
     * every call because request threads sign at the same time: BouncyCastle's
     * {@code JcaX509ExtensionUtils} keeps one buffer per instance and, shared, mixes their keys.
     */
    static byte[] ofKey(SubjectPublicKeyInfo spki) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(spki.getPublicKeyData().getBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 for key identifiers is always available", e);
        }
    }
}
