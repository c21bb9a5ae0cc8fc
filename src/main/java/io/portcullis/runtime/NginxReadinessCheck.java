package io.portcullis.runtime;

import io.portcullis.config.NginxConfig;
import io.portcullis.nginx.NginxDeployer;
import io.portcullis.nginx.NginxStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * With nginx management on: ready once a valid configuration has been deployed and as long as the
 * CRL nginx uses has not expired. A later failed attempt (CA unreachable, invalid candidate) leaves
 * nginx serving the last good files, so it stays ready and reports the error as data.
 */
@Readiness
@ApplicationScoped
public class NginxReadinessCheck implements HealthCheck {

    @Inject
    NginxConfig config;

    @Inject
    NginxDeployer deployer;

    @Inject
    Clock clock;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("nginx");
        if (!config.enabled()) {
            return response.up().withData("managed", false).build();
        }
        NginxStatus status = deployer.status();
        boolean crlExpired = status.deployedCrlNextUpdate() != null && !status.deployedCrlNextUpdate().isAfter(clock.instant());
        response.status(status.lastSuccess() != null && !crlExpired).withData("nginxRunning", status.nginxRunning());
        if (status.lastSuccess() != null) {
            response.withData("lastSuccess", status.lastSuccess().toString());
        }
        if (status.deployedCrlNextUpdate() != null) {
            response.withData("crlNextUpdate", status.deployedCrlNextUpdate().toString());
        }
        if (crlExpired) {
            response.withData("reason", "the deployed CRL has expired");
        }
        if (status.error() != null) {
            response.withData("error", status.error());
        }
        return response.build();
    }
}
