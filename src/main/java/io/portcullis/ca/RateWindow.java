package io.portcullis.ca;

/**
 * One key's count in a sliding window of {@code windowSeconds}, as kept in two fixed windows: the hits
 * of the current one, {@code elapsedSeconds} into it, and of the one before. The estimate weighs the
 * previous window by the part of it the sliding window still covers (Cloudflare's sliding window counter),
 * so a burst at a window boundary does not get twice the limit.
 */
public record RateWindow(long hits, long previousHits, double elapsedSeconds, long windowSeconds) {

    /** Hits within the last {@code windowSeconds}, estimated. */
    public double estimate() {
        return previousHits * remainingShare(elapsedSeconds) + hits;
    }

    /**
     * Whole seconds until the estimate falls below {@code limit}, if no hit comes in the meantime; 0 when it
     * already has.
     */
    public long secondsUntilBelow(long limit) {
        if (estimate() < limit) {
            return 0;
        }
        double wait;
        if (hits < limit) {
            // within this window: previousHits * (1 - t / W) + hits < limit
            wait = windowSeconds * (1 - (double) (limit - hits) / previousHits) - elapsedSeconds;
        } else {
            // into the next window, where this window's hits are the previous ones: hits * (1 - s / W) < limit
            wait = windowSeconds - elapsedSeconds + windowSeconds * (1 - (double) limit / hits);
        }
        return Math.max(1, (long) Math.ceil(wait + 1e-9));
    }

    private double remainingShare(double elapsed) {
        return Math.max(0, 1 - elapsed / windowSeconds);
    }
}
