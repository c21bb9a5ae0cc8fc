package io.portcullis.crypto;

import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.CaCertificate;
import io.portcullis.ca.CaException;
import io.portcullis.ca.Pem;
import io.portcullis.ca.StartupRefusal;
import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads a CA made by the openssl recipe: the certificate from {@code openssl req -x509} and the key
 * in any form openssl writes ({@code genrsa -des3} in OpenSSL 3 gives encrypted PKCS#8, OpenSSL 1.x
 * gives {@code Proc-Type: 4,ENCRYPTED} with {@code DEK-Info: DES-EDE3-CBC}; unencrypted PKCS#1,
 * SEC1 EC and PKCS#8 keys too, with or without a leading {@code EC PARAMETERS} block).
 */
final class OpensslImport {

    private OpensslImport() {
    }

    static ActiveCa.Material read(String certificatePem, String keyPem, char[] passphrase, BouncyCastleCaKeys keys,
            CryptoProvider crypto) {
        List<byte[]> certs = Pem.decodeAll(certificatePem, "CERTIFICATE");
        if (certs.isEmpty()) {
            throw new StartupRefusal("PORTCULLIS_CA_IMPORT_CERT holds no PEM CERTIFICATE block.");
        }
        X509Certificate probe = keys.parse(certs.get(0), "unknown").certificate();
        if (probe.getBasicConstraints() < 0) {
            throw new StartupRefusal("PORTCULLIS_CA_IMPORT_CERT is not a CA certificate (basicConstraints CA:TRUE is missing).");
        }
        if (probe.getKeyUsage() != null && !probe.getKeyUsage()[5]) {
            throw new StartupRefusal("PORTCULLIS_CA_IMPORT_CERT may not sign certificates (keyUsage lacks keyCertSign).");
        }
        String label;
        try {
            label = KeyAlgorithms.check(SubjectPublicKeyInfo.getInstance(probe.getPublicKey().getEncoded()));
        } catch (CaException e) {
            throw new StartupRefusal("PORTCULLIS_CA_IMPORT_CERT has an unsupported key: " + e.detail());
        }
        CaCertificate certificate = keys.parse(certs.get(0), label);
        PrivateKey key;
        try {
            key = crypto.adopt(readKey(keyPem, passphrase));
        } catch (IllegalStateException e) {
            throw new StartupRefusal("PORTCULLIS_CA_IMPORT_KEY is not a key " + crypto.name() + " can sign with.");
        }
        if (!keys.matches(key, probe.getPublicKey(), label)) {
            throw new StartupRefusal("PORTCULLIS_CA_IMPORT_KEY does not belong to the certificate in PORTCULLIS_CA_IMPORT_CERT.");
        }
        return new ActiveCa.Material(certificate, key);
    }

    private static PrivateKey readKey(String keyPem, char[] passphrase) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(Bc.PROVIDER);
        try (PEMParser parser = new PEMParser(new StringReader(keyPem))) {
            Object object = parser.readObject();
            while (object instanceof ASN1ObjectIdentifier) { // EC PARAMETERS precede an EC key from ecparam -genkey
                object = parser.readObject();
            }
            if (object instanceof PEMEncryptedKeyPair encrypted) {
                return converter.getKeyPair(encrypted.decryptKeyPair(
                        new JcePEMDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(passphrase))).getPrivate();
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                        new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(passphrase)));
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException | RuntimeException | org.bouncycastle.operator.OperatorCreationException
                | org.bouncycastle.pkcs.PKCSException e) {
            throw new StartupRefusal("PORTCULLIS_CA_IMPORT_KEY cannot be read; if it is encrypted, check"
                    + " PORTCULLIS_CA_IMPORT_KEY_PASSPHRASE.");
        }
        throw new StartupRefusal("PORTCULLIS_CA_IMPORT_KEY holds no private key in a PEM form openssl writes.");
    }
}
