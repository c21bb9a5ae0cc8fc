package io.portcullis.ca;

/**
 * Port: what an unexpected failure means for the request that met it, decided by the adapter that
 * knows the technology (SQLStates, driver and pool exceptions), so the API answers without
 * importing it.
 */
public interface FailureClassifier {

    /**
     * Whether anything in the failure's cause chain says the store is unavailable for now (down,
     * restarting, out of connections, shutting down), so the request may be retried in a few
     * seconds; otherwise the failure is internal.
     */
    boolean unavailable(Throwable failure);
}
