package io.portcullis.ca;

import java.util.Optional;

/**
 * Counters that every replica shares, for limits that would double with each replica if kept per
 * process. Each hit is one statement; callers keep a local limit as well and fall back to it alone
 * when the store is unreachable.
 */
public interface RateWindows {

    /**
     * Counts one hit for {@code key} in a sliding window of {@code windowSeconds} and returns the count
     * including it; empty when the store cannot be reached (never an exception).
     */
    Optional<RateWindow> hit(String key, long windowSeconds);

    /** Deletes the counters whose windows have passed; returns how many. */
    int purge();
}
