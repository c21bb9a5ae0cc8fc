package io.portcullis.ca;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who may renew or revoke which certificate: the one place lifecycle operations are authorised,
 * whatever endpoint they arrive through. Administrators may act on any certificate; a holder
 * (authenticated by presenting the certificate itself) only on its own; issuers on certificates
 * whose names their credential's scope admits, which the API checks against the credential before
 * calling the core (the scope travels with the credential, not with the {@link Actor}).
 */
@ApplicationScoped
public class LifecyclePolicy {

    /** Role of an {@link Actor} authenticated by the certificate it presents. */
    public static final String HOLDER = "holder";
    static final String ADMIN = "admin";
    static final String ISSUER = "issuer";

    /** The actor behind a presented, verified certificate. */
    public static Actor holder(CertificateRecord certificate) {
        return new Actor(certificate.serialHex(), HOLDER);
    }

    /** @throws CaException {@link ErrorType#FORBIDDEN} unless {@code actor} may renew or revoke {@code certificate} */
    public void checkMayManage(Actor actor, CertificateRecord certificate) {
        boolean allowed = switch (actor.role()) {
            case ADMIN, ISSUER -> true;
            case HOLDER -> actor.id().equals(certificate.serialHex());
            default -> false;
        };
        if (!allowed) {
            throw new CaException(ErrorType.FORBIDDEN, HOLDER.equals(actor.role())
                    ? "A certificate may only renew or revoke itself."
                    : "Your credential's role does not allow renewing or revoking this certificate.");
        }
    }

    /** @throws CaException {@link ErrorType#FORBIDDEN} unless {@code actor} is an administrator */
    public void checkMayRenewCa(Actor actor) {
        if (!ADMIN.equals(actor.role())) {
            throw new CaException(ErrorType.FORBIDDEN, "Only administrators may renew the CA certificate.");
        }
    }
}
