package io.portcullis.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real nginx configured with the documented "presented certificates through a proxy" snippet, taken
 * from src/docs/operations.md itself so that the documentation and what the tests run cannot drift apart.
 */
public final class DocumentedProxy {

    static final Path DOC = Path.of("src/docs/operations.md");
    private static final String SECTION = "### Presented certificates through nginx";

    private DocumentedProxy() {
    }

    /** The nginx block of the documented section on presented certificates. */
    public static String snippet() {
        try {
            String readme = Files.readString(DOC);
            int section = readme.indexOf(SECTION);
            assertThat(section).as(DOC + " section " + SECTION).isNotNegative();
            int start = readme.indexOf("```nginx\n", section) + "```nginx\n".length();
            return readme.substring(start, readme.indexOf("```", start));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Writes {@code dir/nginx.conf}: a TLS server on 127.0.0.1:{@code port} with {@code dir}'s
     * server.crt and server.key around the documented snippet, which trusts {@code dir}'s ca-bundle.pem and
     * crl.pem and proxies to {@code upstream} (e.g. {@code http://127.0.0.1:8080/}), connecting from
     * {@code bindAddress}; then starts nginx on it.
     */
    public static NginxProcess start(Path dir, int port, String upstream, String bindAddress) {
        String snippet = snippet();
        for (String named : new String[] {"/etc/nginx/portcullis/ca-bundle.pem", "/etc/nginx/portcullis/crl.pem",
                "http://portcullis:8080/"}) {
            assertThat(snippet).as("the documented snippet names " + named).contains(named);
        }
        snippet = snippet.replace("/etc/nginx/portcullis/ca-bundle.pem", dir.resolve("ca-bundle.pem").toString())
                .replace("/etc/nginx/portcullis/crl.pem", dir.resolve("crl.pem").toString())
                .replace("http://portcullis:8080/", upstream);
        try {
            Files.createDirectories(dir.resolve("logs"));
            Files.createDirectories(dir.resolve("tmp"));
            Files.writeString(dir.resolve("nginx.conf"), """
                    worker_processes 1;
                    pid %1$s/nginx.pid;
                    error_log %1$s/logs/error.log warn;
                    events { worker_connections 64; }
                    http {
                        access_log off;
                        client_body_temp_path %1$s/tmp/client_body;
                        proxy_temp_path %1$s/tmp/proxy;
                        fastcgi_temp_path %1$s/tmp/fastcgi;
                        uwsgi_temp_path %1$s/tmp/uwsgi;
                        scgi_temp_path %1$s/tmp/scgi;
                        server {
                            listen 127.0.0.1:%2$d ssl;
                            ssl_certificate %1$s/server.crt;
                            ssl_certificate_key %1$s/server.key;
                            # the address Portcullis trusts as its proxy
                            proxy_bind %3$s;
                    %4$s
                        }
                    }
                    """.formatted(dir, port, bindAddress, snippet));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return NginxProcess.start(dir);
    }
}
