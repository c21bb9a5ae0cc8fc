package io.portcullis.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import java.io.IOException;
import java.text.ParseException;

/**
 * The inner JWS of a keyChange (RFC 8555 section 7.3.5): signed by the new key, carried in its
 * {@code jwk}, with the outer request's {@code url} and no nonce; its payload names the account and
 * its current key.
 */
final class KeyChange {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KeyChange() {
    }

    /** The verified new key. */
    static JWK newKey(JsonNode outerPayload, String url, String accountUrl, JWK oldKey) {
        FlattenedJws inner = FlattenedJws.parse(outerPayload, FlattenedJws.ACCOUNT_ALGORITHMS);
        JWK newKey = inner.header().getJWK();
        if (newKey == null || inner.header().getKeyID() != null || inner.param("nonce") != null) {
            throw FlattenedJws.malformed("The inner keyChange JWS needs the new key as jwk, and neither kid nor nonce.");
        }
        if (!url.equals(inner.param("url"))) {
            throw FlattenedJws.malformed("The inner keyChange JWS must have the outer url.");
        }
        if (!JwsKeys.verify(inner.header(), newKey, inner.signingInput(), inner.signature())) {
            throw FlattenedJws.malformed("The inner keyChange JWS signature does not verify.");
        }
        JsonNode payload;
        JWK named;
        try {
            payload = JSON.readTree(inner.payload());
            named = JWK.parse(JSON.writeValueAsString(payload.get("oldKey")));
        } catch (IOException | ParseException | RuntimeException e) {
            throw FlattenedJws.malformed("The inner keyChange payload is {\"account\": …, \"oldKey\": …}.");
        }
        if (!accountUrl.equals(payload.path("account").asText())
                || !JwsKeys.thumbprint(named).equals(JwsKeys.thumbprint(oldKey))) {
            throw new CaException(ErrorType.FORBIDDEN, "The inner keyChange payload must name this account and its current key.");
        }
        return newKey;
    }
}
