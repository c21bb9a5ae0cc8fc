package io.portcullis.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Open enrollment, for the order tests. */
public class EnrollmentProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("portcullis.enrollment-open", "true");
    }
}
