package io.portcullis.crypto;

import io.portcullis.ca.issuance.Pkcs12Profile;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.util.PBKDF2Config;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;

/**
 * Writes PKCS#12 (RFC 7292) bundles the way OpenSSL's {@code pkcs12 -export} lays them out: the
 * certificates in an encrypted SafeContents, the key in a shrouded key bag in a plain one, both
 * bags of the device carrying the friendly name and the same localKeyId, a password MAC over all.
 */
final class Pkcs12Writer {

    /** OpenSSL 3's PKCS12_DEFAULT_ITER, for encryption and MAC alike. */
    static final int ITERATIONS = 2048;
    /** PBKDF2 salt length OpenSSL uses (PKCS5_SALT_LEN is 8; 3.x writes 16 for PBES2). */
    static final int SALT_BYTES = 16;

    private Pkcs12Writer() {
    }

    static byte[] write(PrivateKey key, byte[] certificateDer, List<byte[]> caDers, char[] password,
            Pkcs12Profile profile, String friendlyName, SecureRandom random) {
        try {
            X509CertificateHolder certificate = new X509CertificateHolder(certificateDer);
            // as OpenSSL does: the SHA-1 of the certificate links it to its key
            DEROctetString localKeyId = new DEROctetString(MessageDigest.getInstance("SHA-1").digest(certificateDer));
            DERBMPString name = new DERBMPString(friendlyName);

            List<PKCS12SafeBag> certificates = new ArrayList<>();
            PKCS12SafeBagBuilder leaf = new PKCS12SafeBagBuilder(certificate);
            leaf.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, name);
            leaf.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);
            certificates.add(leaf.build());
            for (byte[] ca : caDers) {
                certificates.add(new PKCS12SafeBagBuilder(new X509CertificateHolder(ca)).build());
            }

            PKCS12SafeBagBuilder keyBag = new JcaPKCS12SafeBagBuilder(key, encryptor(profile, password, random));
            keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, name);
            keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);

            PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
            pfx.addEncryptedData(encryptor(profile, password, random), certificates.toArray(PKCS12SafeBag[]::new));
            pfx.addData(keyBag.build());
            ASN1ObjectIdentifier macDigest = profile == Pkcs12Profile.MODERN ? NISTObjectIdentifiers.id_sha256
                    : OIWObjectIdentifiers.idSHA1;
            return pfx.build(new JcePKCS12MacCalculatorBuilder(macDigest).setProvider(Bc.PROVIDER)
                    .setIterationCount(ITERATIONS), password).getEncoded();
        } catch (IOException | GeneralSecurityException | OperatorCreationException | PKCSException e) {
            throw new IllegalStateException("writing the PKCS#12 bundle failed", e);
        }
    }

    private static OutputEncryptor encryptor(Pkcs12Profile profile, char[] password, SecureRandom random)
            throws OperatorCreationException {
        JcePKCSPBEOutputEncryptorBuilder builder = switch (profile) {
            case MODERN -> new JcePKCSPBEOutputEncryptorBuilder(new PBKDF2Config.Builder()
                    .withPRF(PBKDF2Config.PRF_SHA256).withIterationCount(ITERATIONS).withSaltLength(SALT_BYTES).build(),
                    NISTObjectIdentifiers.id_aes256_CBC);
            case LEGACY -> new JcePKCSPBEOutputEncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)
                    .setIterationCount(ITERATIONS);
        };
        return builder.setProvider(Bc.PROVIDER).setRandom(random).build(password);
    }
}
