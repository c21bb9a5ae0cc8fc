package io.portcullis.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/** Open enrollment and a {@link MovableClock}, for the order tests. */
public class EnrollmentProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(MovableClock.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("portcullis.enrollment-open", "true");
    }
}
