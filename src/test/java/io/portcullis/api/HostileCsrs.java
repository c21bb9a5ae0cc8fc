package io.portcullis.api;

import io.portcullis.support.Openssl;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Hostile request bodies openssl refuses to make, built from BouncyCastle's low-level ASN.1 classes
 * (and a few by hand, byte by byte).
 */
final class HostileCsrs {

    static final BigInteger F4 = BigInteger.valueOf(65_537);
    private static final SecureRandom RANDOM = new SecureRandom();

    private HostileCsrs() {
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code depth} SEQUENCEs, each the only element of the one around it. */
    static byte[] nestedSequences(int depth) {
        byte[] inner = {0x30, 0x00};
        for (int i = 0; i < depth; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(inner.length + 4);
            out.write(0x30);
            int length = inner.length;
            if (length < 0x80) {
                out.write(length);
            } else if (length < 0x100) {
                out.write(0x81);
                out.write(length);
            } else {
                out.write(0x82);
                out.write(length >> 8);
                out.write(length);
            }
            out.writeBytes(inner);
            inner = out.toByteArray();
        }
        return inner;
    }

    /** A properly signed EC P-256 CSR with {@code count} DNS names. */
    static byte[] withDnsNames(int count) {
        GeneralName[] names = new GeneralName[count];
        for (int i = 0; i < count; i++) {
            names[i] = new GeneralName(GeneralName.dNSName, "d" + i + ".example");
        }
        return signedEc(new X500Name("CN=many.example"), extensionRequest(extension(new GeneralNames(names))));
    }

    /** A properly signed CSR whose subject has one organisation value of {@code length} characters. */
    static byte[] withLongSubject(int length) {
        return signedEc(new X500Name("CN=long.example,O=" + "x".repeat(length)), null);
    }

    /** A properly signed CSR whose extensionRequest lists subjectAltName twice. */
    static byte[] withDuplicateExtensions() {
        Extension san = extension(new GeneralNames(new GeneralName(GeneralName.dNSName, "dup.example")));
        ASN1EncodableVector both = new ASN1EncodableVector();
        both.add(san);
        both.add(san);
        return signedEc(new X500Name("CN=dup.example"), new Attribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                new DERSet(new DERSequence(both))));
    }

    /** A CSR for an RSA key with any modulus and exponent; its signature is garbage (keys are checked first). */
    static byte[] rsaKey(BigInteger modulus, BigInteger exponent) {
        try {
            SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(
                    new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    new RSAPublicKey(modulus, exponent));
            CertificationRequestInfo info = new CertificationRequestInfo(new X500Name("CN=rsa.example"), spki, new DERSet());
            return new CertificationRequest(info, new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption,
                    DERNull.INSTANCE), new DERBitString(new byte[modulus.bitLength() / 8])).getEncoded(ASN1Encoding.DER);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A correctly signed CSR for the RSA key of primes {@code p} and {@code q}: weak, but a working key. */
    static byte[] signedRsa(BigInteger p, BigInteger q) {
        try {
            BigInteger n = p.multiply(q);
            BigInteger lambda = p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE));
            BigInteger d = F4.modInverse(lambda);
            KeyFactory factory = KeyFactory.getInstance("RSA");
            PublicKey publicKey = factory.generatePublic(new RSAPublicKeySpec(n, F4));
            PrivateKey privateKey = factory.generatePrivate(new RSAPrivateCrtKeySpec(n, F4, d, p, q,
                    d.mod(p.subtract(BigInteger.ONE)), d.mod(q.subtract(BigInteger.ONE)), q.modInverse(p)));
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(privateKey);
            return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=weak.example"), publicKey).build(signer)
                    .getEncoded();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Two 1024-bit primes a few hundred apart: n is 2048 bits and Fermat's method splits it at once. */
    static byte[] fermatWeakRsa() {
        BigInteger p;
        BigInteger q;
        do {
            p = BigInteger.probablePrime(1024, RANDOM);
            q = p.nextProbablePrime();
        } while (p.multiply(q).bitLength() != 2048 || !F4.gcd(p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE))).equals(BigInteger.ONE));
        return signedRsa(p, q);
    }

    /** A 2048-bit modulus with the prime factor 9973. */
    static byte[] smallFactorRsa() {
        BigInteger p = BigInteger.valueOf(9_973);
        BigInteger q;
        do {
            q = BigInteger.probablePrime(2048 - 13, RANDOM);
        } while (p.multiply(q).bitLength() != 2048 || !q.subtract(BigInteger.ONE).gcd(F4).equals(BigInteger.ONE));
        return signedRsa(p, q);
    }

    /** An openssl CSR for a key of the given {@code genpkey} options. */
    static byte[] opensslCsr(Openssl openssl, String name, String... genpkeyOptions) {
        String[] args = new String[genpkeyOptions.length + 3];
        args[0] = "genpkey";
        System.arraycopy(genpkeyOptions, 0, args, 1, genpkeyOptions.length);
        args[args.length - 2] = "-out";
        args[args.length - 1] = name + ".key";
        openssl.ok(args);
        return openssl.readBytes(openssl.csr(name, openssl.dir().resolve(name + ".key"), "/CN=" + name + ".example",
                "-outform", "DER"));
    }

    private static Extension extension(GeneralNames names) {
        try {
            return new Extension(Extension.subjectAlternativeName, false, new DEROctetString(names.getEncoded(ASN1Encoding.DER)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Attribute extensionRequest(Extension extension) {
        return new Attribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new DERSet(new DERSequence(extension)));
    }

    private static byte[] signedEc(X500Name subject, Attribute attribute) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair pair = generator.generateKeyPair();
            PKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(subject, pair.getPublic());
            if (attribute != null) {
                builder.addAttribute(attribute.getAttrType(), attribute.getAttrValues().toArray());
            }
            return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
