package io.portcullis.nginx;

import io.portcullis.support.Ports;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link NginxTestProfile} in OCSP mode: nginx asks the test application's own responder, so the
 * application listens on a port known before it starts.
 */
public class NginxOcspTestProfile extends NginxTestProfile {

    static final int APP_PORT = Ports.free();

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("portcullis.nginx.ocsp", "true");
        overrides.put("quarkus.http.test-port", Integer.toString(APP_PORT));
        overrides.put("portcullis.nginx.ocsp-responder", "http://127.0.0.1:" + APP_PORT + "/api/v1/ocsp");
        return overrides;
    }
}
