package io.portcullis.nginx;

import java.util.HashMap;
import java.util.Map;

/** {@link NginxTestProfile} in OCSP mode: nginx asks the test application's own responder. */
public class NginxOcspTestProfile extends NginxTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("portcullis.nginx.ocsp", "true");
        overrides.put("portcullis.nginx.ocsp-responder", "http://127.0.0.1:8081/api/v1/ocsp");
        return overrides;
    }
}
