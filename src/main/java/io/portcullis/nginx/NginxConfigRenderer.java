package io.portcullis.nginx;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Renders nginx's configuration from the Qute templates {@code templates/nginx/nginx.conf} (the whole
 * file) and {@code templates/nginx/servers.conf} (the {@code server} blocks, for an {@code include}).
 */
@ApplicationScoped
public class NginxConfigRenderer {

    /** What the templates see; every value has been checked by {@link NginxSettings}. */
    @TemplateData
    public record View(String prefix, String upstream, String serverName, String httpListen, String httpsListen,
            String redirectAuthority, String tlsCertificate, String tlsCertificateKey, String bundle, String crl,
            boolean ocsp, String ocspResponder, String resolver, String enrollUrl, int verifyDepth,
            int proxyReadTimeoutSeconds, String servers) {
    }

    private final Template nginxConf;
    private final Template serversConf;

    @Inject
    public NginxConfigRenderer(@Location("nginx/nginx.conf") Template nginxConf,
            @Location("nginx/servers.conf") Template serversConf) {
        this.nginxConf = nginxConf;
        this.serversConf = serversConf;
    }

    /** The complete nginx.conf, reading the CA bundle and the CRL from {@code filesDir}. */
    public String full(NginxSettings settings, Path filesDir) {
        String servers = servers(settings, filesDir).lines()
                .map(line -> line.isEmpty() ? line : "    " + line)
                .collect(Collectors.joining("\n"));
        return nginxConf.data("v", view(settings, filesDir, servers)).render();
    }

    /** Only the {@code map} and {@code server} blocks, to include in the {@code http} block of an existing nginx. */
    public String servers(NginxSettings settings, Path filesDir) {
        return serversConf.data("v", view(settings, filesDir, "")).render();
    }

    private static View view(NginxSettings s, Path filesDir, String servers) {
        String listen = s.listenAddress().map(a -> a + ":").orElse("");
        String firstName = s.serverName().split(" ")[0];
        String host = "_".equals(firstName) || firstName.contains("*") ? "$host" : firstName;
        return new View(s.prefix().toString(), s.upstream(), s.serverName(),
                s.httpPort() == 0 ? "" : listen + s.httpPort(), listen + s.httpsPort(),
                s.httpsPort() == 443 ? host : host + ":" + s.httpsPort(),
                s.tlsCertificate().toString(), s.tlsCertificateKey().toString(),
                filesDir.resolve(NginxSettings.BUNDLE).toString(), filesDir.resolve(NginxSettings.CRL).toString(),
                s.ocsp(), s.ocspResponder(), s.resolver().orElse(""), s.enrollUrl(), s.verifyDepth(),
                s.proxyReadTimeoutSeconds(), servers);
    }
}
