package io.portcullis.api.auth;

import io.portcullis.ca.Actor;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.credential.CredentialScope;
import io.portcullis.credential.Credentials;
import io.portcullis.credential.Secrets;
import io.portcullis.enrollment.EnrollmentTokens;
import io.portcullis.enrollment.Orders;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Turns a bearer token into an identity. The bootstrap admin token is kept only as its SHA-256
 * and compared in constant time. Credentials ({@code pcc_…}) and enrollment tokens
 * ({@code pce_…}) are looked up by their SHA-256 on every request, off the event loop, so a
 * deleted one stops working at once. An enrollment token's identity has only the
 * {@link Roles#ENROLLMENT} role, which no administrative endpoint allows. A sidecar has no database:
 * it knows the admin token only and refuses every other token without a lookup.
 */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** Identity attribute holding the {@link Actor}. */
    public static final String ACTOR = "portcullis.actor";
    /** Identity attribute holding the {@link CredentialScope} of a credential. */
    public static final String SCOPE = "portcullis.scope";

    private final byte[] adminTokenHash;
    private final Credentials credentials;
    private final EnrollmentTokens enrollmentTokens;
    private final boolean sidecar;

    @Inject
    public TokenIdentityProvider(PortcullisConfig config, Credentials credentials, EnrollmentTokens enrollmentTokens) {
        this.adminTokenHash = config.adminToken()
                .filter(t -> !t.isBlank())
                .map(Secrets::hash)
                .orElse(null);
        this.credentials = credentials;
        this.enrollmentTokens = enrollmentTokens;
        this.sidecar = config.isSidecar();
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        if (Secrets.matches(token, adminTokenHash)) {
            return Uni.createFrom().item(identity(Actor.BOOTSTRAP_ADMIN, Roles.ADMIN, CredentialScope.UNRESTRICTED));
        }
        if (sidecar || !Secrets.hasShape(token, Secrets.CREDENTIAL_PREFIX) && !Secrets.hasShape(token, Secrets.ENROLLMENT_PREFIX)) {
            return Uni.createFrom().failure(invalid());
        }
        return context.runBlocking(() -> lookUp(token).orElseThrow(TokenIdentityProvider::invalid));
    }

    private Optional<SecurityIdentity> lookUp(String token) {
        if (token.startsWith(Secrets.CREDENTIAL_PREFIX)) {
            return credentials.resolve(token).map(c -> identity(c.actor(), c.role().label(), c.scope()));
        }
        return enrollmentTokens.resolve(token)
                .map(t -> identity(new Actor(t.id(), Orders.ENROLLMENT_ROLE), Roles.ENROLLMENT, null));
    }

    private static AuthenticationFailedException invalid() {
        return new AuthenticationFailedException("The bearer token is not valid.");
    }

    static SecurityIdentity identity(Actor actor, String role, CredentialScope scope) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(actor.id()))
                .addRole(role)
                .addAttribute(ACTOR, actor);
        if (scope != null) {
            builder.addAttribute(SCOPE, scope);
        }
        return builder.build();
    }
}
