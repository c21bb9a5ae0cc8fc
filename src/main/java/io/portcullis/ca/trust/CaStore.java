package io.portcullis.ca.trust;

import io.portcullis.ca.CaCertificate;
import java.util.List;
import java.util.Optional;

/** Port: where CA certificates and their encrypted keys live. */
public interface CaStore {

    /**
     * A stored CA certificate.
     *
     * @param certificateDer the certificate, DER
     * @param encryptedKey   the private key as encrypted PKCS#8 (EncryptedPrivateKeyInfo, DER)
     * @param keyAlgorithm   a label such as {@code EC-P256}
     */
    record StoredCa(byte[] certificateDer, byte[] encryptedKey, String keyAlgorithm) {
    }

    /**
     * Takes the cluster-wide bootstrap lock for the rest of the current transaction, so that two
     * replicas starting on an empty database create exactly one CA.
     */
    void lockForBootstrap();

    /** The newest CA certificate, if any was ever stored. */
    Optional<StoredCa> findCurrent();

    /** Every stored CA certificate, newest first. */
    List<StoredCa> findAll();

    void insert(StoredCa ca, CaCertificate certificate);
}
