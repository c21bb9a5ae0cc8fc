package io.portcullis.crypto;

import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Which public keys Portcullis certifies, and their labels ({@code EC-P256}, {@code RSA-3072},
 * {@code Ed25519}). Pure logic over the SubjectPublicKeyInfo, so it is unit-tested without a CA.
 */
public final class KeyAlgorithms {

    static final int RSA_MIN_BITS = 2048;
    static final int RSA_MAX_BITS = 8192;
    /** The CA/Browser Forum's recommended floor (Baseline Requirements 6.1.6): rules out e = 3. */
    static final BigInteger RSA_MIN_EXPONENT = BigInteger.valueOf(65_537);
    /**
     * BoringSSL's ceiling: verifying costs one modular multiplication per exponent bit, so an 8,191-bit
     * exponent would make each proof of possession ≈ 180 ms of CPU instead of 0.5 ms.
     */
    static final int RSA_MAX_EXPONENT_BITS = 33;

    private static final Map<ASN1ObjectIdentifier, String> CURVES = Map.of(
            SECObjectIdentifiers.secp256r1, "EC-P256",
            SECObjectIdentifiers.secp384r1, "EC-P384",
            SECObjectIdentifiers.secp521r1, "EC-P521");

    private KeyAlgorithms() {
    }

    /**
     * Returns the label of an acceptable key.
     *
     * @throws CaException {@link ErrorType#BAD_PUBLIC_KEY} for anything else
     */
    public static String check(SubjectPublicKeyInfo spki) {
        AlgorithmIdentifier algorithm = spki.getAlgorithm();
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            return checkRsa(spki);
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            String label = algorithm.getParameters() instanceof ASN1ObjectIdentifier curve ? CURVES.get(curve) : null;
            if (label == null) {
                throw badKey("EC keys must use the named curve P-256, P-384 or P-521.");
            }
            return label;
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
            return "Ed25519";
        }
        throw badKey("Unsupported key algorithm " + oid.getId() + "; use RSA (2048-8192 bits), EC P-256/P-384/P-521 or Ed25519.");
    }

    private static String checkRsa(SubjectPublicKeyInfo spki) {
        RSAPublicKey key;
        try {
            key = RSAPublicKey.getInstance(spki.parsePublicKey());
        } catch (IOException | RuntimeException e) {
            throw badKey("The RSA public key is not well formed.");
        }
        BigInteger modulus = key.getModulus();
        BigInteger exponent = key.getPublicExponent();
        int bits = modulus.bitLength();
        if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) {
            throw badKey("RSA keys must have " + RSA_MIN_BITS + " to " + RSA_MAX_BITS + " bits; this one has " + bits + ".");
        }
        if (bits % 8 != 0) {
            throw badKey("The RSA modulus length must be a multiple of 8 bits; this one has " + bits + ".");
        }
        if (!modulus.testBit(0)) {
            throw badKey("The RSA modulus is even.");
        }
        if (!exponent.testBit(0) || exponent.compareTo(RSA_MIN_EXPONENT) < 0 || exponent.bitLength() > RSA_MAX_EXPONENT_BITS) {
            throw badKey("The RSA public exponent must be odd, at least 65537 and at most " + RSA_MAX_EXPONENT_BITS
                    + " bits long; generate the key with the usual exponent 65537.");
        }
        WeakRsaKeys.weakness(modulus).ifPresent(weakness -> {
            throw badKey(weakness);
        });
        return "RSA-" + bits;
    }

    /** JCA signature algorithm for a CA key label. */
    static String signatureAlgorithm(String keyLabel) {
        return switch (keyLabel) {
            case "EC-P256" -> "SHA256withECDSA";
            case "EC-P384" -> "SHA384withECDSA";
            case "EC-P521" -> "SHA512withECDSA";
            case "Ed25519" -> "Ed25519";
            default -> {
                if (keyLabel.startsWith("RSA-")) {
                    yield "SHA256withRSA";
                }
                throw new IllegalArgumentException("no signature algorithm for " + keyLabel);
            }
        };
    }

    private static CaException badKey(String detail) {
        return new CaException(ErrorType.BAD_PUBLIC_KEY, detail);
    }
}
