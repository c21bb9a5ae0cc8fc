package io.portcullis.ca;

/**
 * The one exception type of the core. Its {@code detail} is written for the client and must never
 * contain secrets or internals; the cause, if any, is for the log only.
 */
public class CaException extends RuntimeException {

    private final ErrorType type;

    public CaException(ErrorType type, String detail) {
        super(detail);
        this.type = type;
    }

    public CaException(ErrorType type, String detail, Throwable cause) {
        super(detail, cause);
        this.type = type;
    }

    public ErrorType type() {
        return type;
    }

    /** The human-readable explanation sent to the client. */
    public String detail() {
        return getMessage();
    }
}
