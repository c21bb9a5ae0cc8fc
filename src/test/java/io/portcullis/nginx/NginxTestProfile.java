package io.portcullis.nginx;

import io.portcullis.support.Openssl;
import io.portcullis.support.Ports;
import io.portcullis.support.Upstream;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * nginx management on, in a fresh directory, on free loopback ports, in front of a real
 * {@link Upstream}; the site's server certificate is a self-signed one made by openssl.
 */
public class NginxTestProfile implements QuarkusTestProfile {

    static final Path DIR;
    static final Openssl OPENSSL = Openssl.inTempDir();
    static final Path SERVER_CERT = OPENSSL.dir().resolve("server.crt");
    static final Path SERVER_KEY = OPENSSL.dir().resolve("server.key");
    static final int HTTPS_PORT = Ports.free();
    static final int HTTP_PORT = Ports.free();
    /** Shared by every test class with this profile, so it lives as long as the test JVM; no class closes it. */
    static final Upstream UPSTREAM = Upstream.start();

    static {
        try {
            DIR = Files.createTempDirectory("portcullis-nginx").toRealPath();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        OPENSSL.ok("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", SERVER_KEY.toString(), "-out", SERVER_CERT.toString());
    }

    static String url(String path) {
        return "https://127.0.0.1:" + HTTPS_PORT + path;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("portcullis.nginx.enabled", "true"),
                Map.entry("portcullis.nginx.dir", DIR.toString()),
                Map.entry("portcullis.nginx.upstream", "http://127.0.0.1:" + UPSTREAM.port()),
                Map.entry("portcullis.nginx.server-name", "localhost"),
                Map.entry("portcullis.nginx.listen-address", "127.0.0.1"),
                Map.entry("portcullis.nginx.https-port", Integer.toString(HTTPS_PORT)),
                Map.entry("portcullis.nginx.http-port", Integer.toString(HTTP_PORT)),
                Map.entry("portcullis.nginx.tls-certificate", SERVER_CERT.toString()),
                Map.entry("portcullis.nginx.tls-certificate-key", SERVER_KEY.toString()),
                Map.entry("portcullis.nginx.enroll-url", "https://ca.example/enroll"),
                // one deployment at start; the tests trigger the others
                Map.entry("portcullis.sidecar.poll-seconds", "3600"));
    }

}
