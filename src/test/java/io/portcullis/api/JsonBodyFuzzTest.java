package io.portcullis.api;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.api.dto.IssueCertificateRequest;
import io.portcullis.api.dto.OrderRequest;
import java.io.CharConversionException;
import java.io.IOException;

/**
 * Any JSON body binds to the request DTOs or fails with an exception {@link ProblemMapper} answers
 * with 400 ({@link JsonProcessingException}, {@link CharConversionException}); any other exception
 * would be a 500. The mapper is configured as {@code application.properties} configures Quarkus's.
 */
class JsonBodyFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    @FuzzTest(maxDuration = "5s")
    void bind(byte @NotNull [] body) throws IOException {
        for (Class<?> type : new Class<?>[] {IssueCertificateRequest.class, OrderRequest.class}) {
            try {
                JSON.readValue(body, type);
            } catch (JsonProcessingException | CharConversionException e) {
                // mapped to 400 malformed
            }
        }
    }
}
