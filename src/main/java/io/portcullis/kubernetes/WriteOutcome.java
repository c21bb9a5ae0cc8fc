package io.portcullis.kubernetes;

/** What one write of a target did. */
public enum WriteOutcome {
    /** The object was missing and has been created. */
    CREATED,
    /** The owned keys have been replaced. */
    UPDATED,
    /** The object already held exactly this CA bundle and CRL. */
    UNCHANGED,
    /** The object holds a newer, still valid CRL (another replica wrote it): left as it is. */
    KEPT_NEWER
}
