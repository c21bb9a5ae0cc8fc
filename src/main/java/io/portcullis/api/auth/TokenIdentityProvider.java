package io.portcullis.api.auth;

import io.portcullis.ca.Actor;
import io.portcullis.ca.Hashes;
import io.portcullis.config.PortcullisConfig;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Turns a bearer token into an identity. The bootstrap admin token is kept only as its SHA-256
 * and compared in constant time.
 */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** Identity attribute holding the {@link Actor}. */
    public static final String ACTOR = "portcullis.actor";

    private final byte[] adminTokenHash;

    @Inject
    public TokenIdentityProvider(PortcullisConfig config) {
        this.adminTokenHash = config.adminToken()
                .filter(t -> !t.isBlank())
                .map(t -> Hashes.sha256(t.getBytes(StandardCharsets.UTF_8)))
                .orElse(null);
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        byte[] presented = Hashes.sha256(request.getToken().getToken().getBytes(StandardCharsets.UTF_8));
        if (adminTokenHash != null && MessageDigest.isEqual(presented, adminTokenHash)) {
            return Uni.createFrom().item(identity(Actor.BOOTSTRAP_ADMIN, Roles.ADMIN));
        }
        return Uni.createFrom().failure(new AuthenticationFailedException("The bearer token is not valid."));
    }

    static SecurityIdentity identity(Actor actor, String role) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(actor.id()))
                .addRole(role)
                .addAttribute(ACTOR, actor)
                .build();
    }
}
