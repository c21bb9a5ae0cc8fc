package io.portcullis.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The JWS rules of RFC 8555 section 6, on the verifier alone (nonces and accounts in memory). */
class JwsVerifierTest {

    static final String URL = "https://ca.example/acme/new-order";
    static final String KID = "https://ca.example/acme/acct/1";

    final Set<String> nonces = new HashSet<>(Set.of("n1", "n2", "n3"));
    final TestAccountKey key = TestAccountKey.generate(JWSAlgorithm.ES256);
    final AcmeAccount account = new AcmeAccount("1", key.publicJwk.toJSONString(), "t", AcmeAccount.VALID, List.of(),
            "eab", "c", null, Instant.now());
    final JwsVerifier verifier = new JwsVerifier(nonces::remove, kid -> {
        if (!KID.equals(kid)) {
            throw new CaException(ErrorType.ACCOUNT_DOES_NOT_EXIST, "no such account");
        }
        return account;
    });

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "ES384", "RS256", "EdDSA"})
    void everyAccountKeyAlgorithmVerifies(String alg) {
        TestAccountKey k = TestAccountKey.generate(JWSAlgorithm.parse(alg));
        JwsVerifier.Verified verified = verifier.verify(bytes(k.sign(k.header(null, "n1", URL), "{\"a\":1}")), URL,
                JwsVerifier.KeyMode.JWK);
        assertThat(new String(verified.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(JwsKeys.thumbprint(verified.key())).isEqualTo(JwsKeys.thumbprint(k.publicJwk));
        assertThat(nonces).doesNotContain("n1");
    }

    @Test
    void kidRequestsUseTheAccountKeyAndPostAsGetHasAnEmptyPayload() {
        JwsVerifier.Verified verified = verifier.verify(bytes(key.sign(key.header(KID, "n1", URL), "")), URL,
                JwsVerifier.KeyMode.KID);
        assertThat(verified.account()).isSameAs(account);
        assertThat(verified.postAsGet()).isTrue();
    }

    @Test
    void aWrongUrlIsRefusedAndSpendsNoNonce() {
        refused(key.sign(key.header(KID, "n1", "https://ca.example/acme/new-account"), "{}"), ErrorType.FORBIDDEN,
                "url header");
        assertThat(nonces).contains("n1");
    }

    @Test
    void aTamperedPayloadIsRefused() {
        String signed = key.sign(key.header(KID, "n1", URL), "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"a.test\"}]}");
        String forged = Base64URL.encode("{\"identifiers\":[{\"type\":\"dns\",\"value\":\"b.test\"}]}").toString();
        String tampered = signed.replaceFirst("\"payload\":\"[^\"]*\"", "\"payload\":\"" + forged + "\"");
        refused(tampered, ErrorType.MALFORMED, "signature does not verify");
        assertThat(nonces).contains("n1");
    }

    @Test
    void aReplayedNonceIsRefused() {
        String body = key.sign(key.header(KID, "n1", URL), "{}");
        verifier.verify(bytes(body), URL, JwsVerifier.KeyMode.KID);
        refused(body, ErrorType.BAD_NONCE, "nonce");
        refused(key.sign(key.header(KID, "never-issued", URL), "{}"), ErrorType.BAD_NONCE, "nonce");
        refused(key.sign(key.header(KID, null, URL), "{}"), ErrorType.BAD_NONCE, "nonce");
    }

    @Test
    void algorithmsOutsideTheAccountKeySetAreRefused() {
        for (String alg : List.of("none", "HS256", "RS512", "PS256")) {
            String header = Base64URL.encode("{\"alg\":\"" + alg + "\",\"nonce\":\"n1\",\"url\":\"" + URL
                    + "\",\"kid\":\"" + KID + "\"}").toString();
            refused(TestAccountKey.flattened(header, "", "c2ln"), ErrorType.BAD_SIGNATURE_ALGORITHM, "algorithm");
        }
        // an algorithm that does not fit the key: ES384 with a P-256 key
        JWSHeader mismatched = new JWSHeader.Builder(JWSAlgorithm.ES384).jwk(key.publicJwk).customParam("nonce", "n1")
                .customParam("url", URL).build();
        refused(TestAccountKey.flattened(mismatched.toBase64URL().toString(), "", "c2ln"), ErrorType.BAD_SIGNATURE_ALGORITHM,
                "ES384 needs");
    }

    @Test
    void jwkAndKidTogetherOrTheWrongOneAreRefused() {
        JWSHeader both = new JWSHeader.Builder(JWSAlgorithm.ES256).jwk(key.publicJwk).keyID(KID)
                .customParam("nonce", "n1").customParam("url", URL).build();
        refused(key.sign(both, "{}"), ErrorType.MALFORMED, "exactly one of jwk and kid");
        assertThatThrownBy(() -> verifier.verify(bytes(key.sign(key.header(null, "n1", URL), "{}")), URL,
                JwsVerifier.KeyMode.KID)).hasMessageContaining("use kid");
        assertThatThrownBy(() -> verifier.verify(bytes(key.sign(key.header(KID, "n1", URL), "{}")), URL,
                JwsVerifier.KeyMode.JWK)).hasMessageContaining("use jwk");
        assertThat(nonces).contains("n1");
    }

    @Test
    void anUnknownKidIsAccountDoesNotExist() {
        refused(key.sign(key.header("https://ca.example/acme/acct/2", "n1", URL), "{}"), ErrorType.ACCOUNT_DOES_NOT_EXIST,
                "no such account");
    }

    @Test
    void onlyTheFlattenedSerializationWithoutUnprotectedHeaderIsAccepted() {
        String body = key.sign(key.header(KID, "n1", URL), "{}");
        refused(body.replace("{\"protected\"", "{\"header\":{},\"protected\""), ErrorType.MALFORMED, "only protected");
        String[] parts = {body.split("\"")[3], body.split("\"")[7], body.split("\"")[11]};
        refused(parts[0] + "." + parts[1] + "." + parts[2], ErrorType.MALFORMED, "not JSON");
        refused("{\"signatures\":[]}", ErrorType.MALFORMED, "only protected");
        refused("", ErrorType.MALFORMED, "flattened");
    }

    @Test
    void eabBindsOnlyItsKeyAtItsUrlWithItsMac() {
        byte[] hmac = new byte[32];
        String hmacB64 = Base64URL.encode(hmac).toString();
        String newAccount = "https://ca.example/acme/new-account";
        EabBinding.parse(json(key.eab("eab_1", hmacB64, newAccount))).verify(hmac, key.publicJwk, newAccount);

        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> EabBinding.parse(json(key.eab("eab_1", hmacB64, newAccount)))
                .verify(other, key.publicJwk, newAccount)).hasMessageContaining("MAC does not verify");
        assertThatThrownBy(() -> EabBinding.parse(json(key.eab("eab_1", hmacB64, URL)))
                .verify(hmac, key.publicJwk, newAccount)).hasMessageContaining("url must be");
        TestAccountKey stranger = TestAccountKey.generate(JWSAlgorithm.ES256);
        assertThatThrownBy(() -> EabBinding.parse(json(stranger.eab("eab_1", hmacB64, newAccount)))
                .verify(hmac, key.publicJwk, newAccount)).hasMessageContaining("account's public key");
        assertThatThrownBy(() -> EabBinding.parse(null)).extracting(e -> ((CaException) e).type())
                .isEqualTo(ErrorType.EXTERNAL_ACCOUNT_REQUIRED);
    }

    private void refused(String body, ErrorType type, String detail) {
        assertThatThrownBy(() -> verifier.verify(bytes(body), URL, JwsVerifier.KeyMode.EITHER))
                .isInstanceOfSatisfying(CaException.class, e -> {
                    assertThat(e.type()).isEqualTo(type);
                    assertThat(e.detail()).containsIgnoringCase(detail);
                });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(s);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

}
