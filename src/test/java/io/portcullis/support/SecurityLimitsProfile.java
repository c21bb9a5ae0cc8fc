package io.portcullis.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Small rate limits and short timeouts that a test reaches in seconds: 5 requests per token,
 * 4 per client certificate, 8 per address, 3 refused credentials per address, each refilled one per minute; request bodies must
 * arrive within 2 s, idle connections close after 3 s.
 */
public class SecurityLimitsProfile implements QuarkusTestProfile {

    public static final int PER_TOKEN = 5;
    public static final int PER_CERTIFICATE = 4;
    public static final int PER_ADDRESS = 8;
    public static final int FAILED_AUTH = 3;
    public static final long BODY_TIMEOUT_MILLIS = 2_000;
    public static final long IDLE_TIMEOUT_MILLIS = 3_000;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "portcullis.rate-limit.per-token.capacity", Integer.toString(PER_TOKEN),
                "portcullis.rate-limit.per-token.refill-per-minute", "1",
                "portcullis.rate-limit.per-certificate.capacity", Integer.toString(PER_CERTIFICATE),
                "portcullis.rate-limit.per-certificate.refill-per-minute", "1",
                "portcullis.rate-limit.per-address.capacity", Integer.toString(PER_ADDRESS),
                "portcullis.rate-limit.per-address.refill-per-minute", "1",
                "portcullis.rate-limit.failed-auth.capacity", Integer.toString(FAILED_AUTH),
                "portcullis.rate-limit.failed-auth.refill-per-minute", "1",
                "portcullis.request-body-timeout", BODY_TIMEOUT_MILLIS + "ms",
                "quarkus.http.idle-timeout", IDLE_TIMEOUT_MILLIS + "ms");
    }
}
