package io.portcullis.ca;

/**
 * Who asks: an administrator, a CI credential, a device with an enrollment token. Recorded on every
 * certificate and audit event.
 *
 * @param id   a stable identifier, e.g. the credential id or {@code bootstrap-admin}
 * @param role {@code admin}, {@code issuer}, {@code auditor} or {@code enrollment}
 */
public record Actor(String id, String role) {

    public static final Actor BOOTSTRAP_ADMIN = new Actor("bootstrap-admin", "admin");

    @Override
    public String toString() {
        return role + ":" + id;
    }
}
