package io.portcullis.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;

/** Verifies ACME requests against the stored nonces and accounts, and reads their JSON payloads. */
@ApplicationScoped
public class AcmeRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AcmeUrls urls;
    private final AcmeStore store;
    private final JwsVerifier verifier;

    @Inject
    public AcmeRequests(AcmeUrls urls, AcmeStore store, Nonces nonces) {
        this.urls = urls;
        this.store = store;
        this.verifier = new JwsVerifier(nonces::spend, this::account);
    }

    /** Verifies a request to {@code path} (as routed), whose JWS must name that URL. */
    public JwsVerifier.Verified verify(byte[] body, String path, JwsVerifier.KeyMode mode) {
        return verifier.verify(body, urls.of(path), mode);
    }

    /** The payload as a JSON object; the empty payload of a POST-as-GET is the empty object. */
    public static JsonNode json(JwsVerifier.Verified request) {
        if (request.postAsGet()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(request.payload());
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // answered below
        }
        throw new CaException(ErrorType.MALFORMED, "The JWS payload must be a JSON object.");
    }

    @Transactional
    AcmeAccount account(String kid) {
        String id = urls.accountId(kid);
        AcmeAccount account = id == null ? null : store.findAccount(id).orElse(null);
        if (account == null) {
            throw new CaException(ErrorType.ACCOUNT_DOES_NOT_EXIST, "The kid names no account of this server.");
        }
        if (!account.valid()) {
            throw new CaException(ErrorType.FORBIDDEN, "The account is deactivated.");
        }
        return account;
    }
}
