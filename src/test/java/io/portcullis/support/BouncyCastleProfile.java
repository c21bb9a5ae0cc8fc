package io.portcullis.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The service with {@code PORTCULLIS_CRYPTO_PROVIDER=bouncycastle}: the conformance tests again, without AWS-LC. */
public class BouncyCastleProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("portcullis.crypto.provider", "bouncycastle");
    }
}
