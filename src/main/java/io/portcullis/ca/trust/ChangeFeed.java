package io.portcullis.ca.trust;

/**
 * Announcements that another replica changed the trust material (published a CRL, renewed the CA):
 * each replica refreshes what it caches as soon as one arrives instead of at its next poll. A feed
 * that is not listening (the database is down) announces nothing, so callers keep polling as well.
 */
public interface ChangeFeed {

    /**
     * Starts listening; {@code onChange} runs on the feed's own thread after every announcement and once
     * after every (re)connection, for whatever was published while the feed was not listening.
     */
    void start(Runnable onChange);

    /** True while announcements can arrive; false before {@link #start}, during an outage and after shutdown. */
    boolean isListening();
}
