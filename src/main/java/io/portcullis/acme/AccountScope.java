package io.portcullis.acme;

import io.portcullis.ca.Actor;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.enrollment.CredentialScope;
import io.portcullis.enrollment.EnrollmentToken;
import io.portcullis.enrollment.Orders;
import java.util.List;

/**
 * What an account may obtain: the scope of its binding's credential (an issuer's patterns, an
 * administrator's everything), or the identity of its binding's enrollment token (the token's
 * subject alternative names, under its common name).
 *
 * @param credentialScope the credential's scope, or {@code null} for a token's account
 * @param token           the token, or {@code null} for a credential's account
 */
public record AccountScope(Actor actor, CredentialScope credentialScope, EnrollmentToken token) {

    /** The actor an enrollment token's account orders as. */
    public static Actor tokenActor(String tokenId) {
        return new Actor(tokenId, Orders.ENROLLMENT_ROLE);
    }

    /** @throws CaException {@code rejectedIdentifier} naming the first identifier outside the scope */
    public void admit(List<Identifier> identifiers) {
        for (Identifier id : identifiers) {
            boolean allowed = token == null ? credentialScope.allows(id.san()) : tokenAllows(id);
            if (!allowed) {
                throw new CaException(ErrorType.REJECTED_IDENTIFIER, "This account may not obtain certificates for "
                        + id.type() + " " + FlattenedJws.printable(id.value()) + ".");
            }
        }
    }

    /** ACME certificates always carry their names as SANs, so a token admits the SANs it binds. */
    private boolean tokenAllows(Identifier id) {
        return token.subjectAltNames().stream().map(Identifier::ofOrNull).anyMatch(id::equals);
    }
}
