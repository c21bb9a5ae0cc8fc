package io.portcullis.support;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** Subject key identifiers for tests, computed independently of the code under test. */
public final class SubjectKeyIdentifiers {

    private SubjectKeyIdentifiers() {
    }

    /** The certificate's subjectKeyIdentifier extension value. */
    public static byte[] of(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        return ASN1OctetString.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getOctets();
    }

    /** RFC 5280 4.2.1.2 method 1 for a DER SubjectPublicKeyInfo: the SHA-1 of its subjectPublicKey BIT STRING. */
    public static byte[] method1(byte[] spki) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(SubjectPublicKeyInfo.getInstance(spki).getPublicKeyData().getBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
