package io.portcullis.crypto;

import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.CertificateSigner;
import io.portcullis.ca.CertificateTemplate;
import io.portcullis.config.PortcullisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * Signs client certificates with the in-memory CA key. The profile is fixed: v3, CA:false,
 * digitalSignature (+ keyEncipherment for RSA), clientAuth, SKI, AKI (key identifier only, so
 * leaves keep chaining after the CA certificate is renewed with the same key), SANs from the CSR,
 * the CRL distribution point and the OCSP responder of {@code PORTCULLIS_PUBLIC_URL}.
 */
@ApplicationScoped
public class BouncyCastleSigner implements CertificateSigner {

    private final ActiveCa activeCa;
    private final String publicUrl;
    private final CryptoProvider crypto;

    /** Per-CA values computed once rather than per certificate. */
    private record Issuer(ActiveCa.Material material, X500Name name, AuthorityKeyIdentifier aki, String signatureAlgorithm) {
    }

    private volatile Issuer issuer;

    @Inject
    public BouncyCastleSigner(ActiveCa activeCa, PortcullisConfig config, CryptoProvider crypto) {
        this(activeCa, config.publicUrl(), crypto);
    }

    BouncyCastleSigner(ActiveCa activeCa, String publicUrl, CryptoProvider crypto) {
        this.activeCa = activeCa;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.crypto = crypto;
    }

    @Override
    public byte[] signCertificate(CertificateTemplate t) {
        Issuer ca = issuer();
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(t.publicKey().getEncoded());
        X500Name subject = X500Name.getInstance(t.subjectDer());
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(ca.name(), t.serial(),
                Date.from(t.notBefore()), Date.from(t.notAfter()), subject, spki);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(
                    t.rsaKey() ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            builder.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(KeyIdentifiers.ofKey(spki)));
            builder.addExtension(Extension.authorityKeyIdentifier, false, ca.aki());
            if (!t.subjectAltNames().isEmpty()) {
                // RFC 5280 4.2.1.6: critical when the subject is empty
                builder.addExtension(Extension.subjectAlternativeName, subject.getRDNs().length == 0,
                        SubjectAltNames.toGeneralNames(t.subjectAltNames()));
            }
            builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                new DistributionPoint(new DistributionPointName(uri("/api/v1/crl")), null, null)}));
            builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                    new AccessDescription(AccessDescription.id_ad_ocsp, uri("/api/v1/ocsp").getNames()[0])));
            return CpuGate.run(() -> builder.build(crypto.contentSigner(ca.signatureAlgorithm(), ca.material().privateKey())))
                    .getEncoded();
        } catch (CertIOException e) {
            throw new IllegalStateException("extension encoding failed", e);
        } catch (IOException e) {
            throw new IllegalStateException("certificate encoding failed", e);
        }
    }

    private GeneralNames uri(String path) {
        return new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                new DERIA5String(publicUrl + path, true)));
    }

    private Issuer issuer() {
        ActiveCa.Material material = activeCa.require();
        Issuer current = issuer;
        if (current != null && current.material() == material) {
            return current;
        }
        X509Certificate caCert = material.certificate().certificate();
        Issuer fresh = new Issuer(material,
                X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()),
                new AuthorityKeyIdentifier(KeyIdentifiers.of(caCert)),
                KeyAlgorithms.signatureAlgorithm(material.certificate().keyAlgorithm()));
        issuer = fresh;
        return fresh;
    }
}
