package io.portcullis.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.ca.StartupRefusal;
import io.portcullis.support.NginxProcess;
import io.portcullis.support.Openssl;
import io.portcullis.support.OpensslCa;
import io.quarkus.qute.Engine;
import io.quarkus.qute.ReflectionValueResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The templates on their own, checked by the real {@code nginx -t}. */
class NginxConfigRendererTest {

    static final Openssl OPENSSL = Openssl.inTempDir();
    static final Path SERVER_CERT = OPENSSL.dir().resolve("server.crt");
    static final Path SERVER_KEY = OPENSSL.dir().resolve("server.key");

    static {
        OPENSSL.ok("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-keyout", SERVER_KEY.toString(), "-out", SERVER_CERT.toString());
    }

    final NginxConfigRenderer renderer = renderer();

    static NginxConfigRenderer renderer() {
        Engine engine = Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver()).build();
        return new NginxConfigRenderer(engine.parse(template("nginx.conf")), engine.parse(template("servers.conf")));
    }

    static String template(String name) {
        try {
            return Files.readString(Path.of("src/main/resources/templates/nginx", name));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static NginxSettings settings(Path dir, boolean ocsp, int httpPort, String upstream, String enrollUrl) {
        return new NginxSettings(dir, upstream, "door.example.org www.example.org", Optional.of("127.0.0.1"), 8443,
                httpPort, SERVER_CERT, SERVER_KEY, "nginx", ocsp, "http://127.0.0.1:8080/api/v1/ocsp", Optional.empty(),
                enrollUrl, 2, 3600);
    }

    @Test
    void crlModeConfigPassesNginxTestWithAnOpensslCrl() throws IOException {
        Path dir = Files.createTempDirectory("render-crl").toRealPath();
        OpensslCa ca = OpensslCa.create(OPENSSL, "render");
        Files.copy(ca.certificate(), dir.resolve(NginxSettings.BUNDLE));
        Files.writeString(dir.resolve(NginxSettings.CRL), ca.crl());
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("tmp"));
        String conf = renderer.full(settings(dir, false, 8080, "http://127.0.0.1:3000", "https://ca.example.org/"), dir);
        Files.writeString(dir.resolve("nginx.conf"), conf);

        NginxProcess.test(dir, dir.resolve("nginx.conf"));

        assertThat(conf).contains(
                "pid " + dir + "/nginx.pid;",
                "error_log " + dir + "/logs/error.log",
                "proxy_temp_path " + dir + "/tmp/proxy;",
                "listen 127.0.0.1:8443 ssl;",
                "server_name door.example.org www.example.org;",
                "ssl_protocols TLSv1.2 TLSv1.3;",
                "server_tokens off;",
                "ssl_client_certificate " + dir + "/portcullis-ca.pem;",
                "ssl_verify_client optional;",
                "ssl_verify_depth 2;",
                "ssl_crl " + dir + "/portcullis-crl.pem;",
                "error_page 495 496 =403 /.portcullis/not-enrolled;",
                "if ($ssl_client_verify != SUCCESS)",
                "proxy_pass http://127.0.0.1:3000;",
                "proxy_set_header Connection $portcullis_connection_upgrade;",
                "proxy_read_timeout 3600s;",
                "proxy_set_header X-Client-Cert-Verify $ssl_client_verify;",
                "return 301 https://door.example.org:8443$request_uri;",
                "Enroll at https://ca.example.org/");
        assertThat(conf).doesNotContain("TLSv1.1", "ssl_ocsp", "{v.");
    }

    @Test
    void ocspModeAsksTheResponderInsteadOfReadingACrl() throws IOException {
        Path dir = Files.createTempDirectory("render-ocsp").toRealPath();
        OpensslCa ca = OpensslCa.create(OPENSSL, "ocsp");
        Files.copy(ca.certificate(), dir.resolve(NginxSettings.BUNDLE));
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("tmp"));
        String conf = renderer.full(settings(dir, true, 0, "http://127.0.0.1:3000", "https://ca.example.org/"), dir);
        Files.writeString(dir.resolve("nginx.conf"), conf);

        NginxProcess.test(dir, dir.resolve("nginx.conf"));

        assertThat(conf).contains("ssl_ocsp on;", "ssl_ocsp_responder http://127.0.0.1:8080/api/v1/ocsp;",
                "ssl_ocsp_cache shared:portcullis_ocsp:1m;");
        assertThat(conf).doesNotContain("ssl_crl", "return 301");
    }

    @Test
    void serverFormatIsOnlyTheBlocksForAnInclude() {
        String servers = renderer.servers(settings(Path.of("/srv/nginx"), false, 80, "http://app:8080", "https://e.example/"),
                Path.of("/srv/nginx"));

        assertThat(servers).contains("map $http_upgrade $portcullis_connection_upgrade", "server {",
                "return 301 https://door.example.org:8443$request_uri;");
        assertThat(servers).doesNotContain("http {", "events", "pid ", "error_log");
    }

    @Test
    void settingsThatCouldInjectDirectivesAreRefused() {
        Path dir = Path.of("/srv/nginx");
        assertThatThrownBy(() -> settings(dir, false, 80, "http://app;\n include /etc/passwd", "https://e.example/"))
                .isInstanceOf(StartupRefusal.class).hasMessageContaining("PORTCULLIS_NGINX_UPSTREAM");
        assertThatThrownBy(() -> settings(dir, false, 80, "http://app", "https://e.example/\"; return 200 \"$x"))
                .isInstanceOf(StartupRefusal.class).hasMessageContaining("ENROLL_URL");
        assertThatThrownBy(() -> settings(Path.of("/srv/a b"), false, 80, "http://app", "https://e.example/"))
                .isInstanceOf(StartupRefusal.class).hasMessageContaining("PORTCULLIS_NGINX_DIR");
    }

    @Test
    void pathsThatClimbOutOfTheirDirectoryAreRefusedAtStart() {
        assertThatThrownBy(() -> settings(Path.of("/srv/nginx/../../etc"), false, 80, "http://app", "https://e.example/"))
                .isInstanceOf(StartupRefusal.class).hasMessageContaining("PORTCULLIS_NGINX_DIR must not contain");
        // the default TLS paths are built from the server name: a server name of ".." must not escape live/
        assertThatThrownBy(() -> new NginxSettings(Path.of("/srv/nginx"), "http://app", ".. www.example.org",
                Optional.empty(), 8443, 0, Path.of("/etc/letsencrypt/live/../fullchain.pem"),
                Path.of("/etc/letsencrypt/live/../privkey.pem"), "nginx", false, "http://127.0.0.1:8080/api/v1/ocsp",
                Optional.empty(), "https://e.example/", 2, 3600))
                .isInstanceOf(StartupRefusal.class).hasMessageContaining("PORTCULLIS_NGINX_TLS_CERTIFICATE")
                .hasMessageContaining("SERVER_NAME");
    }
}
