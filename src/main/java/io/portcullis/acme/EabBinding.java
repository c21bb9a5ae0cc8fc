package io.portcullis.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.JWK;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;

/**
 * The external account binding of a newAccount request (RFC 8555 section 7.3.4): a JWS, MACed with
 * the binding key, whose payload is the account's own key and whose {@code url} is the newAccount
 * URL. Nimbus' MAC verifier compares in constant time.
 */
public final class EabBinding {

    private final FlattenedJws jws;

    private EabBinding(FlattenedJws jws) {
        this.jws = jws;
    }

    /** Parses the binding; a missing one is {@code externalAccountRequired}. */
    public static EabBinding parse(JsonNode binding) {
        if (binding == null || binding.isNull()) {
            throw new CaException(ErrorType.EXTERNAL_ACCOUNT_REQUIRED, "This CA needs an external account binding: "
                    + "ask an administrator for an EAB key id and HMAC key.");
        }
        FlattenedJws jws = FlattenedJws.parse(binding, FlattenedJws.MAC_ALGORITHMS);
        if (jws.header().getKeyID() == null || jws.header().getJWK() != null || jws.param("nonce") != null) {
            throw FlattenedJws.malformed("The external account binding needs a kid, and neither jwk nor nonce.");
        }
        return new EabBinding(jws);
    }

    /** The EAB key id the binding names. */
    public String kid() {
        return jws.header().getKeyID();
    }

    /**
     * Checks the MAC, the url and that the payload is the account key.
     *
     * @throws CaException {@code unauthorized} when any of them is wrong
     */
    public void verify(byte[] hmacKey, JWK accountKey, String newAccountUrl) {
        if (!newAccountUrl.equals(jws.param("url"))) {
            throw refused("its url must be " + newAccountUrl);
        }
        boolean valid;
        try {
            valid = new MACVerifier(hmacKey).verify(jws.header(), jws.signingInput(), jws.signature());
        } catch (JOSEException e) {
            valid = false;
        }
        if (!valid) {
            throw refused("its MAC does not verify with that key");
        }
        JWK bound;
        try {
            bound = JWK.parse(new String(jws.payload(), StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw refused("its payload is not a JWK");
        }
        if (bound.isPrivate() || !JwsKeys.thumbprint(bound).equals(JwsKeys.thumbprint(accountKey))) {
            throw refused("its payload must be the account's public key");
        }
    }

    private static CaException refused(String why) {
        return new CaException(ErrorType.FORBIDDEN, "The external account binding is refused: " + why + ".");
    }
}
