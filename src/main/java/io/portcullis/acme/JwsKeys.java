package io.portcullis.acme;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/**
 * Account keys: which key may sign with which algorithm, and the signature check itself. ECDSA and
 * RSA are Nimbus' verifiers; Ed25519 is the JDK's, as Nimbus would need Tink for it.
 */
public final class JwsKeys {

    static final int MIN_RSA_BITS = 2048;
    /** SubjectPublicKeyInfo of an Ed25519 key up to its 32-byte public point (RFC 8410). */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private JwsKeys() {
    }

    /** Whether {@code signature} over {@code input} verifies with {@code key} under the header's algorithm. */
    public static boolean verify(JWSHeader header, JWK key, byte[] input, Base64URL signature) {
        JWSAlgorithm alg = header.getAlgorithm();
        try {
            if (JWSAlgorithm.ES256.equals(alg) || JWSAlgorithm.ES384.equals(alg)) {
                ECKey ec = key instanceof ECKey k ? k : null;
                Curve wanted = JWSAlgorithm.ES256.equals(alg) ? Curve.P_256 : Curve.P_384;
                if (ec == null || !wanted.equals(ec.getCurve())) {
                    throw mismatch(alg, "an EC key on " + wanted.getName());
                }
                return new ECDSAVerifier(ec).verify(header, input, signature);
            }
            if (JWSAlgorithm.RS256.equals(alg)) {
                if (!(key instanceof RSAKey rsa)) {
                    throw mismatch(alg, "an RSA key");
                }
                if (rsa.size() < MIN_RSA_BITS) {
                    throw new CaException(ErrorType.BAD_PUBLIC_KEY, "RSA account keys need at least " + MIN_RSA_BITS + " bits.");
                }
                return new RSASSAVerifier(rsa).verify(header, input, signature);
            }
            if (JWSAlgorithm.EdDSA.equals(alg)) {
                Signature ed = Signature.getInstance("Ed25519");
                ed.initVerify(publicKey(key));
                ed.update(input);
                return ed.verify(signature.decode());
            }
        } catch (JOSEException | GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
        throw new CaException(ErrorType.BAD_SIGNATURE_ALGORITHM, "Unsupported JWS algorithm.");
    }

    /** The JDK public key of an account or certificate key JWK. */
    public static PublicKey publicKey(JWK key) {
        try {
            if (key instanceof ECKey ec) {
                return ec.toECPublicKey();
            }
            if (key instanceof RSAKey rsa) {
                return rsa.toRSAPublicKey();
            }
            if (key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
                byte[] x = okp.getDecodedX();
                if (x.length != 32) {
                    throw new CaException(ErrorType.BAD_PUBLIC_KEY, "An Ed25519 key has a 32-byte public point.");
                }
                byte[] spki = new byte[ED25519_SPKI_PREFIX.length + x.length];
                System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
                System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, x.length);
                return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            }
        } catch (JOSEException | GeneralSecurityException e) {
            throw new CaException(ErrorType.BAD_PUBLIC_KEY, "The JWK is not a usable public key.", e);
        }
        throw new CaException(ErrorType.BAD_PUBLIC_KEY, "Account keys are EC (P-256, P-384), RSA or Ed25519.");
    }

    /** The RFC 7638 SHA-256 thumbprint, base64url. */
    public static String thumbprint(JWK key) {
        try {
            return key.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new CaException(ErrorType.BAD_PUBLIC_KEY, "The JWK has no thumbprint.", e);
        }
    }

    private static CaException mismatch(JWSAlgorithm alg, String wanted) {
        return new CaException(ErrorType.BAD_SIGNATURE_ALGORITHM, alg.getName() + " needs " + wanted + ".");
    }
}
