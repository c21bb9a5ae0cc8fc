package io.portcullis.crypto;

import io.portcullis.ca.StartupRefusal;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * The one seam for public-key math: every signature, verification, key generation and key import goes through
 * the provider selected here ({@code portcullis.crypto.provider}), while BouncyCastle keeps the ASN.1, X.509,
 * CRL, OCSP and PKCS#12 structures. An algorithm the selected provider lacks (RSASSA-PSS and MD5 in AWS-LC's
 * JCA names, Ed25519 key import) is done by BouncyCastle or the JDK, decided per algorithm, never by catching
 * a failure.
 */
public final class CryptoProvider {

    public static final String AWS_LC = "aws-lc";
    public static final String BOUNCYCASTLE = "bouncycastle";

    /** The CSR signature algorithms whose verification the selected provider does, by their JCA names. */
    private static final Map<ASN1ObjectIdentifier, String> SIGNATURES = Map.ofEntries(
            Map.entry(X9ObjectIdentifiers.ecdsa_with_SHA1, "SHA1withECDSA"),
            Map.entry(X9ObjectIdentifiers.ecdsa_with_SHA224, "SHA224withECDSA"),
            Map.entry(X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA"),
            Map.entry(X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA"),
            Map.entry(X9ObjectIdentifiers.ecdsa_with_SHA512, "SHA512withECDSA"),
            Map.entry(PKCSObjectIdentifiers.sha1WithRSAEncryption, "SHA1withRSA"),
            Map.entry(PKCSObjectIdentifiers.sha224WithRSAEncryption, "SHA224withRSA"),
            Map.entry(PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256withRSA"),
            Map.entry(PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384withRSA"),
            Map.entry(PKCSObjectIdentifiers.sha512WithRSAEncryption, "SHA512withRSA"),
            Map.entry(EdECObjectIdentifiers.id_Ed25519, "Ed25519"));
    private static final Set<ASN1ObjectIdentifier> ECDSA_WITH_SHA2 = Set.of(X9ObjectIdentifiers.ecdsa_with_SHA256,
            X9ObjectIdentifiers.ecdsa_with_SHA384, X9ObjectIdentifiers.ecdsa_with_SHA512);
    private static final Map<ASN1ObjectIdentifier, String> KEY_TYPES = Map.of(
            X9ObjectIdentifiers.id_ecPublicKey, "EC",
            PKCSObjectIdentifiers.rsaEncryption, "RSA",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519");

    /** Loads AWS-LC or says why it cannot; a parameter so that selection is tested with a loader that fails. */
    interface Loader {
        Provider load() throws AwsLc.Unavailable;
    }

    private final String name;
    private final Provider provider;
    private final String reason;
    private final BcECContentVerifierProviderBuilder bcEcVerifiers =
            new BcECContentVerifierProviderBuilder(new DefaultDigestAlgorithmIdentifierFinder());
    private final JcaPEMKeyConverter bcKeys = new JcaPEMKeyConverter().setProvider(Bc.PROVIDER);

    private CryptoProvider(String name, Provider provider, String reason) {
        this.name = name;
        this.provider = provider;
        this.reason = reason;
    }

    /** BouncyCastle for everything. */
    public static CryptoProvider bouncyCastle(String reason) {
        return new CryptoProvider(BOUNCYCASTLE, Bc.PROVIDER, reason);
    }

    /**
     * Selects by the setting {@code auto}, {@code aws-lc} or {@code bouncycastle}.
     *
     * @throws StartupRefusal for {@code aws-lc} when AWS-LC cannot be used
     */
    public static CryptoProvider select(String setting) {
        return select(setting, AwsLc::load);
    }

    static CryptoProvider select(String setting, Loader awsLc) {
        if (BOUNCYCASTLE.equals(setting)) {
            return bouncyCastle("PORTCULLIS_CRYPTO_PROVIDER=bouncycastle");
        }
        long started = System.nanoTime();
        try {
            Provider accp = awsLc.load();
            return new CryptoProvider(AWS_LC, accp, "PORTCULLIS_CRYPTO_PROVIDER=" + setting + "; " + accp.getName() + " "
                    + accp.getVersionStr() + " loaded and passed its known-answer self-test in " + AwsLc.loadMillis()
                    + " ms, of which the start waited " + (System.nanoTime() - started) / 1_000_000 + " ms");
        } catch (AwsLc.Unavailable e) {
            if (AWS_LC.equals(setting)) {
                throw new StartupRefusal("PORTCULLIS_CRYPTO_PROVIDER=aws-lc, but AWS-LC cannot be used: " + e.getMessage()
                        + "; give the JVM a writable java.io.tmpdir or set PORTCULLIS_CRYPTO_PROVIDER=auto or bouncycastle.");
            }
            return bouncyCastle("PORTCULLIS_CRYPTO_PROVIDER=auto and AWS-LC cannot be used: " + e.getMessage());
        }
    }

    /** {@code aws-lc} or {@code bouncycastle}: what {@code GET /api/v1/ca} and the metric report. */
    public String name() {
        return name;
    }

    /** Why this provider was selected, for the start-up log line. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return name;
    }

    /** The provider that computes signatures of the JCA algorithm, e.g. {@code SHA256withECDSA}. */
    Provider signing(String algorithm) {
        return provider.getService("Signature", algorithm) != null ? provider : Bc.PROVIDER;
    }

    /** The provider that verifies signatures of the algorithm named in a CSR. */
    Provider verifying(AlgorithmIdentifier signatureAlgorithm) {
        String algorithm = SIGNATURES.get(signatureAlgorithm.getAlgorithm());
        return algorithm != null && provider.getService("Signature", algorithm) != null ? provider : Bc.PROVIDER;
    }

    /** A JCA signature of the selected provider (or BouncyCastle's where it lacks the algorithm). */
    Signature signature(String algorithm) throws GeneralSecurityException {
        return Signature.getInstance(algorithm, signing(algorithm));
    }

    /** Signs X.509 structures with {@code key}; BouncyCastle encodes, the selected provider computes. */
    ContentSigner contentSigner(String algorithm, PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(algorithm).setProvider(signing(algorithm)).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with " + algorithm, e);
        }
    }

    /**
     * Verifies a signature by the key {@code spki} under {@code signatureAlgorithm}. {@code decoded} is the key
     * as BouncyCastle decoded it. BouncyCastle's own ECDSA with SHA-2 goes through its lightweight verifier: its
     * JCA path rebuilds the curve's generator point for every key, recomputing the precomputed multiples on every
     * verification, which halves the rate (≈ 3,100 vs 5,700 P-256 verifications/s per thread).
     */
    ContentVerifierProvider verifier(AlgorithmIdentifier signatureAlgorithm, SubjectPublicKeyInfo spki, PublicKey decoded)
            throws OperatorCreationException, IOException, GeneralSecurityException {
        Provider verifying = verifying(signatureAlgorithm);
        if (verifying != Bc.PROVIDER) {
            // a PublicKey, not the SubjectPublicKeyInfo: BouncyCastle would ask the provider for a KeyFactory by OID
            return new JcaContentVerifierProviderBuilder().setProvider(verifying).build(publicKey(spki));
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(spki.getAlgorithm().getAlgorithm())
                && ECDSA_WITH_SHA2.contains(signatureAlgorithm.getAlgorithm())) {
            return bcEcVerifiers.build(PublicKeyFactory.createKey(spki));
        }
        return new JcaContentVerifierProviderBuilder().setProvider(Bc.PROVIDER).build(decoded);
    }

    /** A key pair generator of the selected provider: {@code EC} or {@code RSA}. */
    KeyPairGenerator keyPairGenerator(String algorithm) throws GeneralSecurityException {
        return KeyPairGenerator.getInstance(algorithm, provider);
    }

    /** A public key the selected provider works with. */
    PublicKey publicKey(SubjectPublicKeyInfo spki) throws IOException, GeneralSecurityException {
        if (provider == Bc.PROVIDER) {
            return bcKeys.getPublicKey(spki);
        }
        return keyFactory(spki.getAlgorithm().getAlgorithm()).generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
    }

    /** A private key the selected provider works with; BouncyCastle's EC keys say "ECDSA", which AWS-LC refuses. */
    PrivateKey privateKey(PrivateKeyInfo info) throws IOException, GeneralSecurityException {
        if (provider == Bc.PROVIDER) {
            return bcKeys.getPrivateKey(info);
        }
        return keyFactory(info.getPrivateKeyAlgorithm().getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    }

    /** The key as the selected provider works with it: keys made elsewhere (an imported PEM) are converted once. */
    PrivateKey adopt(PrivateKey key) {
        try {
            return privateKey(PrivateKeyInfo.getInstance(key.getEncoded()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the key cannot be used with " + name, e);
        }
    }

    /** The selected provider's key factory, or the JDK's for a type it has none of (AWS-LC and Ed25519). */
    private KeyFactory keyFactory(ASN1ObjectIdentifier keyAlgorithm) throws GeneralSecurityException {
        String type = KEY_TYPES.get(keyAlgorithm);
        if (type == null) {
            throw new GeneralSecurityException("unsupported key algorithm " + keyAlgorithm.getId());
        }
        return provider.getService("KeyFactory", type) != null ? KeyFactory.getInstance(type, provider) : KeyFactory.getInstance(type);
    }
}
