package io.portcullis.ca;

/**
 * Thrown while starting when the operator must fix something (a missing passphrase, a wrong
 * passphrase, an unusable import). Its message is one line telling what and how.
 */
public class StartupRefusal extends RuntimeException {

    public StartupRefusal(String message) {
        super(message);
    }

    public StartupRefusal(String message, Throwable cause) {
        super(message, cause);
    }
}
