package io.portcullis.nginx;

/** nginx refused a configuration or a signal; the message is what an operator needs to fix it. */
public class NginxException extends RuntimeException {

    public NginxException(String message) {
        super(message);
    }

    public NginxException(String message, Throwable cause) {
        super(message, cause);
    }
}
