package io.portcullis.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portcullis.ca.trust.PublishedCrl;
import io.portcullis.ca.trust.TrustMaterial;
import io.portcullis.support.NginxProcess;
import io.portcullis.support.Openssl;
import io.portcullis.support.OpensslCa;
import io.portcullis.support.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deployer on its own with the real nginx and CRLs made by {@code openssl ca}: the paths the
 * service-level tests cannot reach, such as nginx refusing a configuration that {@code nginx -t} accepted.
 */
class NginxDeployerTest {

    final Openssl openssl = Openssl.inTempDir();
    final OpensslCa ca = OpensslCa.create(openssl, "deployer");
    final NginxDeployer deployer = new NginxDeployer(NginxConfigRendererTest.renderer(), new ProcessNginx(),
            Clock.systemUTC(), new SimpleMeterRegistry());
    final Path dir;
    NginxProcess nginx;

    NginxDeployerTest() throws IOException {
        dir = Files.createTempDirectory("deployer").toRealPath();
    }

    @AfterEach
    void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    NginxSettings settings(int httpsPort, boolean ocsp) {
        return new NginxSettings(dir, "http://127.0.0.1:9", "localhost", Optional.of("127.0.0.1"), httpsPort, 0,
                NginxConfigRendererTest.SERVER_CERT, NginxConfigRendererTest.SERVER_KEY, "nginx", ocsp,
                "http://127.0.0.1:9/api/v1/ocsp", Optional.empty(), "https://ca.example/", 2, 60);
    }

    TrustMaterial trust() {
        PublishedCrl crl = RemoteTrustMaterial.verify(openssl.read(ca.certificate()), ca.crlDer());
        return new TrustMaterial() {
            @Override
            public String caBundlePem() {
                return openssl.read(ca.certificate());
            }

            @Override
            public Optional<PublishedCrl> currentCrl() {
                return Optional.of(crl);
            }
        };
    }

    @Test
    void aConfigurationNginxRefusesToApplyIsRolledBackAndNginxKeepsServing() throws IOException {
        int goodPort = Ports.free();
        assertThat(deployer.deploy(settings(goodPort, false), trust(), "test").error()).isNull();
        nginx = NginxProcess.start(dir);
        long master = nginx.masterPid();
        String goodConf = Files.readString(dir.resolve("nginx.conf"));

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // nginx -t does not bind ports, so this candidate passes validation and fails only in the master
            NginxStatus status = deployer.deploy(settings(taken.getLocalPort(), false), trust(), "test");

            assertThat(status.error()).contains("did not apply");
            assertThat(status.lastSuccess()).isNotNull();
        }
        assertThat(Files.readString(dir.resolve("nginx.conf"))).isEqualTo(goodConf);
        assertThat(nginx.masterPid()).isEqualTo(master);
        assertThat(nginx.errorLog()).contains("bind()");
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), goodPort)) {
            assertThat(s.isConnected()).as("still listening on the good port").isTrue();
        }
    }

    @Test
    void anExpiredCrlIsNeverDeployed() throws IOException {
        int port = Ports.free();
        assertThat(deployer.deploy(settings(port, false), trust(), "test").error()).isNull();
        byte[] deployed = Files.readAllBytes(dir.resolve(NginxSettings.CRL));
        ca.revoke(ca.issue("lost"));
        NginxDeployer eightDaysLater = new NginxDeployer(NginxConfigRendererTest.renderer(), new ProcessNginx(),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(8)), new SimpleMeterRegistry());

        NginxStatus status = eightDaysLater.deploy(settings(port, false), trust(), "test");

        assertThat(status.error()).contains("expired").contains("not deployed");
        assertThat(status.lastSuccess()).isNull();
        assertThat(Files.readAllBytes(dir.resolve(NginxSettings.CRL))).isEqualTo(deployed);
    }

    @Test
    void ocspModeDeploysWithoutACrlFile() throws IOException {
        TrustMaterial noCrl = new TrustMaterial() {
            @Override
            public String caBundlePem() {
                return openssl.read(ca.certificate());
            }

            @Override
            public Optional<PublishedCrl> currentCrl() {
                return Optional.empty();
            }
        };

        NginxStatus status = deployer.deploy(settings(Ports.free(), true), noCrl, "test");

        assertThat(status.error()).isNull();
        assertThat(status.deployedCrlNumber()).isNull();
        assertThat(Files.readString(dir.resolve("nginx.conf"))).contains("ssl_ocsp on;").doesNotContain("ssl_crl");
        assertThat(dir.resolve(NginxSettings.CRL)).doesNotExist();
        assertThat(deployer.deploy(settings(Ports.free(), false), noCrl, "test").error())
                .contains("no CRL has been published");
    }
}
