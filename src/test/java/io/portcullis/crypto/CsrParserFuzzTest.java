package io.portcullis.crypto;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.portcullis.ca.CaException;
import io.portcullis.ca.CsrParser;
import io.portcullis.ca.ErrorType;
import java.util.Set;

/**
 * Any request body, PEM or DER, is a verified CSR or a 4xx refusal, never another exception (which
 * would be a 500). Seeds are openssl-made CSRs in {@code CsrParserFuzzTestInputs/parse}; inputs that
 * once crashed the parser stay there as regression cases, replayed by every test run.
 */
class CsrParserFuzzTest {

    /** The refusals a CSR may earn: all of them 400. */
    static final Set<ErrorType> REFUSALS = Set.of(ErrorType.BAD_CSR, ErrorType.MALFORMED, ErrorType.BAD_PUBLIC_KEY);

    /** AWS-LC, as in production: hostile input reaches its native code. */
    private static final CsrParser PARSER = new BouncyCastleCsrParser(BothProviders.AWS_LC);

    @FuzzTest(maxDuration = "25s")
    void parse(byte @NotNull [] body) {
        try {
            PARSER.parse(body);
        } catch (CaException e) {
            if (!REFUSALS.contains(e.type())) {
                throw e;
            }
        }
    }
}
