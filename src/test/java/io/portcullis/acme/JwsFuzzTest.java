package io.portcullis.acme;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.nimbusds.jose.util.Base64URL;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Any request body, and any protected header inside a well-formed flattened JWS, is refused with an
 * ACME client error (or verifies), never another exception: the JWS layer parses attacker input
 * before it knows who is asking.
 */
class JwsFuzzTest {

    static final String URL = "https://ca.example/acme/new-order";
    static final Set<ErrorType> CLIENT_ERRORS = Set.of(ErrorType.MALFORMED, ErrorType.BAD_NONCE,
            ErrorType.BAD_SIGNATURE_ALGORITHM, ErrorType.FORBIDDEN, ErrorType.ACCOUNT_DOES_NOT_EXIST,
            ErrorType.BAD_PUBLIC_KEY);

    final JwsVerifier verifier = new JwsVerifier(nonce -> true, kid -> {
        throw new CaException(ErrorType.ACCOUNT_DOES_NOT_EXIST, "no accounts here");
    });

    @FuzzTest(maxDuration = "10s")
    void verify(@NotNull String protectedHeader, @NotNull String payload, byte @NotNull [] body) {
        String structured = TestAccountKey.flattened(Base64URL.encode(protectedHeader).toString(),
                Base64URL.encode(payload).toString(), "c2ln");
        attempt(structured.getBytes(StandardCharsets.UTF_8));
        attempt(body);
    }

    private void attempt(byte[] body) {
        try {
            verifier.verify(body, URL, JwsVerifier.KeyMode.EITHER);
        } catch (CaException e) {
            if (!CLIENT_ERRORS.contains(e.type())) {
                throw e;
            }
        }
    }
}
