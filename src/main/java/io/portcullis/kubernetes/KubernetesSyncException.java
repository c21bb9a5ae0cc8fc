package io.portcullis.kubernetes;

/** A target could not be brought up to date; the message is safe to show in the status and the log. */
public class KubernetesSyncException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KubernetesSyncException(String message) {
        super(message);
    }
}
