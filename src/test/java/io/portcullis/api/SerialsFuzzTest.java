package io.portcullis.api;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;

/** Any serial in a URL is parsed, a 400 or a 404, never another exception. */
class SerialsFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void parse(@NotNull String text) {
        try {
            Serials.parse(text);
        } catch (CaException e) {
            if (e.type() != ErrorType.MALFORMED && e.type() != ErrorType.NOT_FOUND) {
                throw e;
            }
        }
    }
}
