package io.portcullis.acme;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON objects of RFC 8555 section 7.1, as maps in the order the RFC lists their fields. */
final class AcmeJson {

    private AcmeJson() {
    }

    static Map<String, Object> directory(AcmeUrls urls) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("newNonce", urls.newNonce());
        json.put("newAccount", urls.newAccount());
        json.put("newOrder", urls.newOrder());
        json.put("revokeCert", urls.revokeCert());
        json.put("keyChange", urls.keyChange());
        json.put("renewalInfo", urls.renewalInfo());
        json.put("meta", Map.of("externalAccountRequired", true));
        return json;
    }

    static Map<String, Object> account(AcmeAccount account, AcmeUrls urls) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", account.status());
        json.put("contact", account.contact());
        json.put("orders", urls.account(account.id()) + "/orders");
        json.put("createdAt", account.createdAt().toString());
        return json;
    }

    static Map<String, Object> order(AcmeOrder order, Instant now, AcmeUrls urls) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", order.statusAt(now));
        json.put("expires", order.expiresAt().toString());
        json.put("identifiers", order.identifiers().stream().map(AcmeJson::identifier).toList());
        json.put("authorizations", order.authorizationIds().stream().map(urls::authorization).toList());
        json.put("finalize", urls.finalize(order.id()));
        if (order.serial() != null) {
            json.put("certificate", urls.certificate(order.id()));
        }
        return json;
    }

    /** Valid from the start: the binding authorised it, so it has no challenge to solve. */
    static Map<String, Object> authorization(AcmeStore.Authorization authorization, Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("identifier", identifier(authorization.identifier()));
        json.put("status", now.isBefore(authorization.expiresAt()) ? "valid" : "expired");
        json.put("expires", authorization.expiresAt().toString());
        json.put("challenges", List.of());
        return json;
    }

    static Map<String, Object> orders(List<String> ids, AcmeUrls urls) {
        return Map.of("orders", ids.stream().map(urls::order).toList());
    }

    private static Map<String, Object> identifier(Identifier identifier) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", identifier.type());
        json.put("value", identifier.value());
        return json;
    }
}
