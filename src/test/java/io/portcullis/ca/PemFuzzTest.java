package io.portcullis.ca;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Any text is a list of decoded blocks or an {@link IllegalArgumentException} (bad base64, which
 * callers turn into their 400), never another exception.
 */
class PemFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void decodeAll(@NotNull String text) {
        try {
            Pem.decodeAll(text, "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST", "CERTIFICATE");
        } catch (IllegalArgumentException e) {
            // bad base64 inside a block: the documented refusal
        }
    }
}
