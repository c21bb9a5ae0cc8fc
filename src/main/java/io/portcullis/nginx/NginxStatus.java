package io.portcullis.nginx;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * What the last deployments did. Files and nginx always hold the state of {@code lastSuccess};
 * {@code error} is the reason of the latest failed attempt, cleared by the next success.
 *
 * @param caFingerprints SHA-256 of each certificate in the deployed CA bundle
 * @param nginxRunning   whether a running nginx master was found at the last attempt
 * @param masterPid      that master's pid; it stays the same across reloads
 */
public record NginxStatus(
        Instant lastAttempt,
        Instant lastSuccess,
        BigInteger deployedCrlNumber,
        Instant deployedCrlNextUpdate,
        List<String> caFingerprints,
        String error,
        boolean nginxRunning,
        Long masterPid,
        long reloads) {

    static final NginxStatus NEVER = new NginxStatus(null, null, null, null, List.of(), null, false, null, 0);
}
