package io.portcullis.acme;

import com.nimbusds.jose.jwk.JWK;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import java.text.ParseException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The request rules of RFC 8555 section 6.2 to 6.5: a flattened JWS with an account-key algorithm,
 * either a {@code jwk} (new accounts, revocation by the certificate's key) or a {@code kid} naming an
 * account, never both; a {@code url} equal to the URL the request was sent to; a valid signature;
 * and a nonce this service issued, spent exactly once. The nonce is spent last, so a forged request
 * cannot burn the nonce of a genuine one.
 */
public final class JwsVerifier {

    /** Which key reference an endpoint accepts. */
    public enum KeyMode { JWK, KID, EITHER }

    /** A verified request; {@code account} is {@code null} for a {@code jwk}-signed one. */
    public record Verified(FlattenedJws jws, JWK key, AcmeAccount account, byte[] payload) {

        /** A POST-as-GET (RFC 8555 section 6.3): the payload is the empty string. */
        public boolean postAsGet() {
            return payload.length == 0;
        }
    }

    private final Predicate<String> spendNonce;
    private final Function<String, AcmeAccount> accountByKid;

    /**
     * @param spendNonce   spends a nonce, false if it was not issued, is spent or expired
     * @param accountByKid the valid account a {@code kid} names, or throws {@code accountDoesNotExist}/{@code unauthorized}
     */
    public JwsVerifier(Predicate<String> spendNonce, Function<String, AcmeAccount> accountByKid) {
        this.spendNonce = spendNonce;
        this.accountByKid = accountByKid;
    }

    public Verified verify(byte[] body, String requestUrl, KeyMode mode) {
        FlattenedJws jws = FlattenedJws.parse(body, FlattenedJws.ACCOUNT_ALGORITHMS);
        String nonce = jws.param("nonce");
        if (nonce == null || nonce.isEmpty()) {
            throw new CaException(ErrorType.BAD_NONCE, "The JWS protected header needs a nonce from newNonce.");
        }
        String url = jws.param("url");
        if (url == null || !url.equals(requestUrl)) {
            throw new CaException(ErrorType.FORBIDDEN, "The JWS url header must be the URL of this request, "
                    + requestUrl + ".");
        }
        JWK jwk = jws.header().getJWK();
        String kid = jws.header().getKeyID();
        if ((jwk == null) == (kid == null)) {
            throw FlattenedJws.malformed("The JWS protected header needs exactly one of jwk and kid.");
        }
        if (mode == KeyMode.JWK && jwk == null) {
            throw FlattenedJws.malformed("This request is signed with the new key itself: use jwk, not kid.");
        }
        if (mode == KeyMode.KID && kid == null) {
            throw FlattenedJws.malformed("This request is signed with an account key: use kid (the account URL), not jwk.");
        }
        AcmeAccount account = kid == null ? null : accountByKid.apply(kid);
        JWK key = jwk != null ? jwk : parseStored(account.jwk());
        if (!JwsKeys.verify(jws.header(), key, jws.signingInput(), jws.signature())) {
            throw FlattenedJws.malformed("The JWS signature does not verify.");
        }
        if (!spendNonce.test(nonce)) {
            throw new CaException(ErrorType.BAD_NONCE, "The nonce is unknown, used or expired; retry with the new one.");
        }
        return new Verified(jws, key, account, jws.payload());
    }

    private static JWK parseStored(String json) {
        try {
            return JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("a stored account key no longer parses", e);
        }
    }
}
