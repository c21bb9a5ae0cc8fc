package io.portcullis.config;

import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Pattern;

/** Which implementation does the public-key math (BouncyCastle always does the ASN.1 structures). */
public interface CryptoConfig {
    /**
     * {@code auto}: AWS-LC when its native library loads and passes the known-answer self-test, else
     * BouncyCastle; {@code aws-lc}: AWS-LC or refuse to start; {@code bouncycastle}: BouncyCastle only.
     */
    @WithDefault("auto")
    @Pattern(regexp = "auto|aws-lc|bouncycastle", message = "must be auto, aws-lc or bouncycastle")
    String provider();
}
