package io.portcullis.acme;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Map;

/**
 * An ACME client's account key for tests: signs flattened JWS as RFC 8555 asks, and lets a test
 * break any part of it. Ed25519 signs with the JDK (Nimbus would need Tink).
 */
final class TestAccountKey {

    final JWSAlgorithm alg;
    final JWK publicJwk;
    private final JWK privateJwk;
    private final PrivateKey edKey;

    private TestAccountKey(JWSAlgorithm alg, JWK privateJwk, JWK publicJwk, PrivateKey edKey) {
        this.alg = alg;
        this.privateJwk = privateJwk;
        this.publicJwk = publicJwk;
        this.edKey = edKey;
    }

    static TestAccountKey generate(JWSAlgorithm alg) {
        try {
            if (JWSAlgorithm.ES256.equals(alg) || JWSAlgorithm.ES384.equals(alg)) {
                ECKey key = new ECKeyGenerator(JWSAlgorithm.ES256.equals(alg) ? Curve.P_256 : Curve.P_384).generate();
                return new TestAccountKey(alg, key, key.toPublicJWK(), null);
            }
            if (JWSAlgorithm.RS256.equals(alg)) {
                RSAKey key = new RSAKeyGenerator(2048).generate();
                return new TestAccountKey(alg, key, key.toPublicJWK(), null);
            }
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] spki = pair.getPublic().getEncoded();
            byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
            return new TestAccountKey(alg, null, new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).build(),
                    pair.getPrivate());
        } catch (JOSEException | GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** An existing EC key pair (e.g. a certificate's key made by openssl). */
    static TestAccountKey of(ECKey key) {
        return new TestAccountKey(key.getCurve().equals(Curve.P_384) ? JWSAlgorithm.ES384 : JWSAlgorithm.ES256, key,
                key.toPublicJWK(), null);
    }

    /** A header with this key as {@code jwk} (kid {@code null}) or naming an account by {@code kid}. */
    JWSHeader header(String kid, String nonce, String url) {
        JWSHeader.Builder builder = new JWSHeader.Builder(alg).customParam("url", url);
        if (nonce != null) {
            builder.customParam("nonce", nonce);
        }
        return (kid == null ? builder.jwk(publicJwk) : builder.keyID(kid)).build();
    }

    /** The flattened JWS of {@code payload} ({@code ""} for POST-as-GET) under {@code header}. */
    String sign(JWSHeader header, String payload) {
        String protectedB64 = header.toBase64URL().toString();
        String payloadB64 = payload.isEmpty() ? "" : Base64URL.encode(payload.getBytes(StandardCharsets.UTF_8)).toString();
        return flattened(protectedB64, payloadB64, signature(header, protectedB64 + "." + payloadB64));
    }

    String signature(JWSHeader header, String signingInput) {
        byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
        try {
            if (privateJwk instanceof ECKey ec) {
                return new ECDSASigner(ec).sign(header, input).toString();
            }
            if (privateJwk instanceof RSAKey rsa) {
                return new RSASSASigner(rsa).sign(header, input).toString();
            }
            Signature ed = Signature.getInstance("Ed25519");
            ed.initSign(edKey);
            ed.update(input);
            return Base64URL.encode(ed.sign()).toString();
        } catch (JOSEException | GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** The externalAccountBinding object binding this key with an EAB key (RFC 8555 section 7.3.4). */
    String eab(String kid, String hmacKeyB64, String url) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).customParam("url", url).build();
        String protectedB64 = header.toBase64URL().toString();
        String payloadB64 = Base64URL.encode(publicJwk.toJSONString()).toString();
        try {
            String mac = new MACSigner(new Base64URL(hmacKeyB64).decode()).sign(header,
                    (protectedB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII)).toString();
            return flattened(protectedB64, payloadB64, mac);
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    static String flattened(String protectedB64, String payloadB64, String signature) {
        return "{\"protected\":\"" + protectedB64 + "\",\"payload\":\"" + payloadB64 + "\",\"signature\":\"" + signature + "\"}";
    }

    static String json(Map<String, ?> map) {
        return com.nimbusds.jose.util.JSONObjectUtils.toJSONString(new java.util.LinkedHashMap<>(map));
    }
}
