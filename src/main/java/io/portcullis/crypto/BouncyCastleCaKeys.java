package io.portcullis.crypto;

import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.CaCertificate;
import io.portcullis.ca.CaException;
import io.portcullis.ca.CaKeyAlgorithm;
import io.portcullis.ca.CaKeys;
import io.portcullis.ca.StartupRefusal;
import io.portcullis.ca.SubjectName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * CA keys: generation (with the {@link CryptoProvider}) of the key and self-signed certificate, PBES2 encryption
 * at rest ({@link Pbes2}), and import of what the openssl recipe produced ({@link OpensslImport}).
 */
@ApplicationScoped
public class BouncyCastleCaKeys implements CaKeys {

    private final SecureRandom random = new SecureRandom();
    private final CryptoProvider crypto;

    @Inject
    public BouncyCastleCaKeys(CryptoProvider crypto) {
        this.crypto = crypto;
    }

    @Override
    public ActiveCa.Material generate(CaKeyAlgorithm algorithm, String subject, Instant notBefore, Instant notAfter) {
        X500Name name;
        try {
            name = X500Names.toX500Name(SubjectName.fromRfc4514(subject));
        } catch (IllegalArgumentException e) {
            throw new StartupRefusal("PORTCULLIS_CA_SUBJECT '" + subject + "' is not an RFC 4514 name such as"
                    + " CN=Portcullis Root CA,O=Example.");
        }
        KeyPair keyPair = generateKeyPair(algorithm);
        byte[] serial = new byte[16];
        random.nextBytes(serial);
        serial[0] &= 0x7f;
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded());
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, new BigInteger(1, serial),
                Date.from(notBefore), Date.from(notAfter), name, spki);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(KeyIdentifiers.ofKey(spki)));
            byte[] der = builder.build(crypto.contentSigner(
                    KeyAlgorithms.signatureAlgorithm(algorithm.label()), keyPair.getPrivate())).getEncoded();
            return new ActiveCa.Material(parse(der, algorithm.label()), keyPair.getPrivate());
        } catch (IOException e) {
            throw new IllegalStateException("building the CA certificate failed", e);
        }
    }

    @Override
    public CaCertificate renew(ActiveCa.Material current, Instant notBefore, Instant notAfter) {
        X509Certificate old = current.certificate().certificate();
        X500Name name = X500Name.getInstance(old.getSubjectX500Principal().getEncoded());
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(old.getPublicKey().getEncoded());
        byte[] serial = new byte[16];
        random.nextBytes(serial);
        serial[0] &= 0x7f;
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, new BigInteger(1, serial),
                Date.from(notBefore), Date.from(notAfter), name, spki);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new SubjectKeyIdentifier(KeyIdentifiers.of(old)));
            byte[] der = builder.build(crypto.contentSigner(
                    KeyAlgorithms.signatureAlgorithm(current.certificate().keyAlgorithm()), current.privateKey())).getEncoded();
            return parse(der, current.certificate().keyAlgorithm());
        } catch (IOException e) {
            throw new IllegalStateException("building the renewed CA certificate failed", e);
        }
    }

    private KeyPair generateKeyPair(CaKeyAlgorithm algorithm) {
        try {
            KeyPairGenerator generator;
            switch (algorithm) {
                case EC_P256, EC_P384 -> {
                    generator = crypto.keyPairGenerator("EC");
                    generator.initialize(new ECGenParameterSpec(algorithm == CaKeyAlgorithm.EC_P256 ? "secp256r1" : "secp384r1"), random);
                }
                default -> {
                    generator = crypto.keyPairGenerator("RSA");
                    generator.initialize(Integer.parseInt(algorithm.label().substring(4)), random);
                }
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + algorithm.label() + " key", e);
        }
    }

    @Override
    public ActiveCa.Material importPem(String certificatePem, String keyPem, char[] passphrase) {
        return OpensslImport.read(certificatePem, keyPem, passphrase, this, crypto);
    }

    @Override
    public byte[] encrypt(PrivateKey key, char[] passphrase) {
        try {
            return Pbes2.encrypt(key.getEncoded(), passphrase, random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encrypting the CA key failed", e);
        }
    }

    @Override
    public PrivateKey decrypt(byte[] encryptedKey, char[] passphrase, CaCertificate certificate) {
        PrivateKey key;
        try {
            key = crypto.privateKey(PrivateKeyInfo.getInstance(Pbes2.decrypt(encryptedKey, passphrase)));
        } catch (Exception e) {
            throw new StartupRefusal("PORTCULLIS_CA_PASSPHRASE does not decrypt the CA key stored in the database;"
                    + " start with the passphrase the CA was created with.");
        }
        if (!matches(key, certificate.certificate().getPublicKey(), certificate.keyAlgorithm())) {
            throw new StartupRefusal("The stored CA key does not match the stored CA certificate; the database is inconsistent.");
        }
        return key;
    }

    @Override
    public CaCertificate parse(byte[] certificateDer, String keyAlgorithm) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificateDer));
            return new CaCertificate(certificate, keyAlgorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored CA certificate does not parse", e);
        }
    }

    /** Whether a private key belongs to a public key: sign a random challenge and verify it. */
    boolean matches(PrivateKey privateKey, PublicKey publicKey, String keyLabel) {
        try {
            String algorithm = KeyAlgorithms.signatureAlgorithm(keyLabel);
            byte[] challenge = new byte[32];
            random.nextBytes(challenge);
            Signature signer = crypto.signature(algorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = crypto.signature(algorithm);
            verifier.initVerify(crypto.publicKey(SubjectPublicKeyInfo.getInstance(publicKey.getEncoded())));
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IOException | IllegalArgumentException | CaException e) {
            return false;
        }
    }
}
