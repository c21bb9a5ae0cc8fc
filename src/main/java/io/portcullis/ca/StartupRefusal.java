package io.portcullis.ca;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Thrown while starting when the operator must fix something (a missing passphrase, a wrong
 * passphrase, an unusable import, an unsafe setting). Its message is one line telling what and how.
 * It is a Quarkus {@link ConfigurationException} and carries no cause on purpose: Quarkus then
 * prints just the message and exits, instead of a stack trace that buries the one line that matters.
 */
public class StartupRefusal extends ConfigurationException {

    private static final long serialVersionUID = 1L;

    public StartupRefusal(String message) {
        super(message);
    }
}
