package io.portcullis.credential;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: credentials, found by the SHA-256 of their token. */
public interface CredentialStore {

    void insert(Credential credential, byte[] tokenSha256);

    /** The credential with this token hash, unless it was deleted. */
    Optional<Credential> findActive(byte[] tokenSha256);

    /** Every credential not deleted, newest first. */
    List<Credential> listActive();

    /** Marks a credential deleted; false if there is no such live credential. */
    boolean delete(String id, Instant at);
}
