package io.portcullis.crypto;

import io.portcullis.ca.DeviceKeyAlgorithm;
import io.portcullis.ca.DeviceKeys;
import io.portcullis.ca.GeneratedKey;
import io.portcullis.ca.Pkcs12Profile;
import io.portcullis.ca.SubjectAltName;
import io.portcullis.ca.SubjectName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Generates device key pairs (with the {@link CryptoProvider}) and signs a CSR with each, so a server-made key
 * enters the same issuance cycle (and the same CSR checks) as a key made on the device; writes the
 * bundles with {@link Pkcs12Writer}.
 */
@ApplicationScoped
public class BouncyCastleDeviceKeys implements DeviceKeys {

    private final SecureRandom random = new SecureRandom();
    private final CryptoProvider crypto;

    @Inject
    public BouncyCastleDeviceKeys(CryptoProvider crypto) {
        this.crypto = crypto;
    }

    @Override
    public GeneratedKey generate(DeviceKeyAlgorithm algorithm, SubjectName subject, List<SubjectAltName> subjectAltNames) {
        // the names are checked before a key is made, as a CSR's would be on arrival
        subjectAltNames.forEach(SubjectAltNames::validate);
        try {
            KeyPair pair = keyPair(algorithm);
            var builder = new JcaPKCS10CertificationRequestBuilder(X500Names.toX500Name(subject), pair.getPublic());
            if (!subjectAltNames.isEmpty()) {
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false,
                        SubjectAltNames.toGeneralNames(subjectAltNames));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            String signature = algorithm == DeviceKeyAlgorithm.EC_P256 ? "SHA256withECDSA" : "SHA256withRSA";
            byte[] csr = builder.build(crypto.contentSigner(signature, pair.getPrivate())).getEncoded();
            return new GeneratedKey(pair.getPrivate(), csr);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("generating a " + algorithm.label() + " key pair failed", e);
        }
    }

    @Override
    public byte[] pkcs12(GeneratedKey key, byte[] certificateDer, List<byte[]> caDers, char[] password,
            Pkcs12Profile profile, String friendlyName) {
        return Pkcs12Writer.write(key.privateKey(), certificateDer, caDers, password, profile, friendlyName, random);
    }

    private KeyPair keyPair(DeviceKeyAlgorithm algorithm) throws GeneralSecurityException {
        KeyPairGenerator generator = switch (algorithm) {
            case EC_P256 -> {
                KeyPairGenerator ec = crypto.keyPairGenerator("EC");
                ec.initialize(new ECGenParameterSpec("secp256r1"), random);
                yield ec;
            }
            case RSA_2048, RSA_3072 -> {
                KeyPairGenerator rsa = crypto.keyPairGenerator("RSA");
                int bits = algorithm == DeviceKeyAlgorithm.RSA_2048 ? 2048 : 3072;
                rsa.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
                yield rsa;
            }
        };
        return generator.generateKeyPair();
    }
}
