package io.portcullis.enrollment;

import io.portcullis.ca.Page;
import java.time.Instant;
import java.util.Optional;

/** Port: enrollment tokens, found by the SHA-256 of their secret. */
public interface EnrollmentTokenStore {

    void insert(EnrollmentToken token, byte[] secretSha256);

    /** The token with this secret hash, unless deleted (used-up and expired ones are returned). */
    Optional<EnrollmentToken> findActive(byte[] secretSha256);

    /** The token with this id, unless deleted. */
    Optional<EnrollmentToken> findActive(String id);

    /**
     * Spends one use, atomically: succeeds only while uses are left, the token has not expired at
     * {@code now} and is not deleted. Concurrent callers cannot spend the same use.
     */
    boolean consumeUse(String id, Instant now);

    /** Live tokens newest first, only those created by {@code createdBy} unless it is {@code null}. */
    Page<EnrollmentToken> listActive(String createdBy, int page, int size);

    /** Marks a token deleted; false if there is no such live token. */
    boolean delete(String id, Instant at);

    /** Marks every live token created by one of {@code creators} deleted; returns their ids. */
    java.util.List<String> deleteCreatedBy(java.util.List<String> creators, Instant at);
}
