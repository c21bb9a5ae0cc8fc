package io.portcullis.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.util.Optional;

/** Settings of the CA key and certificate. */
public interface CaConfig {
    /**
     * Encrypts the CA private key at rest. Deliberately without a default outside the dev and
     * test profiles: the service refuses to start without it.
     */
    Optional<String> passphrase();

    /** Subject of a generated CA certificate, RFC 4514. */
    @WithDefault("CN=Portcullis Root CA,O=Portcullis")
    @NotBlank
    String subject();

    /** Key algorithm of a generated CA: EC-P256, EC-P384, RSA-2048, RSA-3072 or RSA-4096. */
    @WithName("key-algorithm")
    @WithDefault("EC-P256")
    @Pattern(regexp = "EC-P256|EC-P384|RSA-2048|RSA-3072|RSA-4096",
            message = "must be one of EC-P256, EC-P384, RSA-2048, RSA-3072, RSA-4096")
    String keyAlgorithm();

    /** Validity of a generated CA certificate. */
    @WithName("validity-days")
    @WithDefault("3650")
    @Min(1)
    @Max(36500)
    int validityDays();

    /** PEM certificate of an existing CA to import on first start (the openssl recipe's ca.crt). */
    @WithName("import-cert")
    Optional<Path> importCert();

    /** PEM private key of that CA (ca.key), encrypted or not. */
    @WithName("import-key")
    Optional<Path> importKey();

    /** Passphrase of the imported key, if it is encrypted. */
    @WithName("import-key-passphrase")
    Optional<String> importKeyPassphrase();
}
