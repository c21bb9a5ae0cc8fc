package io.portcullis.ca.trust;

import io.portcullis.ca.CaCertificate;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PrivateKey;
import java.util.Optional;

/**
 * The CA certificate and key this process signs with, set once the bootstrap has loaded them.
 * The pair is swapped as one object so a signer never sees a certificate with another key.
 */
@ApplicationScoped
public class ActiveCa {

    /** The certificate and its private key. */
    public record Material(CaCertificate certificate, PrivateKey privateKey) {
    }

    private volatile Material material;

    public void activate(CaCertificate certificate, PrivateKey privateKey) {
        this.material = new Material(certificate, privateKey);
    }

    public Optional<Material> current() {
        return Optional.ofNullable(material);
    }

    /** The loaded material, or 503 while the CA is not ready. */
    public Material require() {
        Material m = material;
        if (m == null) {
            throw new CaException(ErrorType.UNAVAILABLE, "The certificate authority is not loaded yet.");
        }
        return m;
    }

    public CaCertificate certificate() {
        return require().certificate();
    }
}
