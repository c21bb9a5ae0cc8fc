package io.portcullis.api;

import com.github.benmanes.caffeine.cache.Cache;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.portcullis.config.AnonymousRateLimit;
import io.portcullis.config.RateLimitConfig;
import io.vertx.core.http.HttpMethod;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Token buckets per client address for requests without credentials, one per group of endpoints, in
 * memory, checked before the body is read. The groups protect different things (the database for
 * orders, signatures for OCSP, connections for event streams), so a flood of one does not lock a
 * client out of the others. Paths are grouped by their segments, as routing resolves them, so a
 * doubled slash or a dot segment cannot reach another group's endpoint.
 */
final class AnonymousLimits {

    /** The groups of {@code portcullis.rate-limit.anonymous.*}. */
    enum Group {
        ORDERS("Too many orders from your address."),
        OCSP("Too many OCSP requests from your address."),
        ENROLL_PAGE("Too many requests for the enrollment page from your address."),
        EVENTS("Too many event stream connections from your address."),
        TRUST_MATERIAL("Too many CRL or CA certificate requests from your address."),
        OTHER("Too many requests from your address.");

        final String detail;

        Group(String detail) {
            this.detail = detail;
        }
    }

    private final Map<Group, RateLimitConfig.Limit> limits = new EnumMap<>(Group.class);
    private final Map<Group, Cache<String, Bucket>> buckets = new EnumMap<>(Group.class);

    AnonymousLimits(AnonymousRateLimit config) {
        limits.put(Group.ORDERS, config.orders());
        limits.put(Group.OCSP, config.ocsp());
        limits.put(Group.ENROLL_PAGE, config.enrollPage());
        limits.put(Group.EVENTS, config.events());
        limits.put(Group.TRUST_MATERIAL, config.trustMaterial());
        limits.put(Group.OTHER, config.other());
        limits.forEach((group, limit) -> buckets.put(group, RateLimits.cache(limit)));
    }

    /** The limit of a group, for the shared window that backs it. */
    RateLimitConfig.Limit limit(Group group) {
        return limits.get(group);
    }

    /**
     * Takes one token of the request's group for {@code address}; the probe of a refused request, or null
     * when admitted or not limited (Quarkus' own endpoints under {@code /q/}: health probes, metrics).
     */
    ConsumptionProbe refusal(Group group, String address) {
        if (group == null) {
            return null;
        }
        ConsumptionProbe probe = RateLimits.bucket(buckets.get(group), address, limits.get(group))
                .tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? null : probe;
    }

    /** The group of an anonymous request, or null for one that is not limited. */
    static Group group(HttpMethod method, String path) {
        List<String> s = PathSegments.of(path);
        if (s.isEmpty()) {
            return Group.OTHER;
        }
        if (s.get(0).equals("q")) {
            return null;
        }
        if (s.equals(List.of("enroll")) || s.equals(List.of("enroll.css"))) {
            return Group.ENROLL_PAGE;
        }
        if (s.size() < 3 || !s.get(0).equals("api") || !s.get(1).equals("v1")) {
            return Group.OTHER;
        }
        List<String> rest = s.subList(2, s.size());
        return switch (rest.get(0)) {
            case "ocsp" -> Group.OCSP;
            case "events" -> Group.EVENTS;
            case "crl", "crl.pem" -> Group.TRUST_MATERIAL;
            case "ca" -> rest.size() == 2 && (rest.get(1).equals("certificate") || rest.get(1).equals("bundle"))
                    ? Group.TRUST_MATERIAL : Group.OTHER;
            case "orders" -> rest.size() == 1 && method == HttpMethod.POST ? Group.ORDERS : Group.OTHER;
            default -> Group.OTHER;
        };
    }
}
