package io.portcullis.api.dto;

import io.portcullis.nginx.NginxStatus;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/nginx/status}: the last deployment attempt and what nginx serves. */
public record NginxStatusResponse(
        Instant lastAttempt,
        Instant lastSuccess,
        BigInteger deployedCrlNumber,
        Instant deployedCrlNextUpdate,
        List<String> caFingerprints,
        String error,
        boolean nginxRunning,
        Long masterPid,
        long reloads) {

    public static NginxStatusResponse of(NginxStatus s) {
        return new NginxStatusResponse(s.lastAttempt(), s.lastSuccess(), s.deployedCrlNumber(), s.deployedCrlNextUpdate(),
                s.caFingerprints(), s.error(), s.nginxRunning(), s.masterPid(), s.reloads());
    }
}
