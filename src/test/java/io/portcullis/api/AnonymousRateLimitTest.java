package io.portcullis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.portcullis.support.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-address limits of requests without credentials, one bucket per group of endpoints, each of
 * {@value #BURST} refilled one a minute (orders {@value #ORDERS}); and the CSR body limit. Each test is
 * its own client address (127.0.0.0/8 is all loopback).
 */
@QuarkusTest
@TestProfile(AnonymousRateLimitTest.Profile.class)
class AnonymousRateLimitTest {

    static final int BURST = 4;
    static final int ORDERS = 3;
    static final String RATE_LIMITED = "urn:ietf:params:acme:error:rateLimited";

    /** Open enrollment, small anonymous buckets. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(Map.of("portcullis.enrollment-open", "true",
                    "portcullis.rate-limit.anonymous.orders.capacity", Integer.toString(ORDERS),
                    "portcullis.rate-limit.anonymous.orders.refill-per-minute", "1"));
            for (String group : new String[] {"ocsp", "enroll-page", "events", "trust-material", "other"}) {
                config.put("portcullis.rate-limit.anonymous." + group + ".capacity", Integer.toString(BURST));
                config.put("portcullis.rate-limit.anonymous." + group + ".refill-per-minute", "1");
            }
            return config;
        }
    }

    final Openssl openssl = Openssl.inTempDir();

    @Test
    void ocspGetAndPostShareOneBucketPerAddressAndOtherAddressesAndGroupsAreUnaffected() {
        for (int i = 0; i < BURST; i++) {
            RawHttp.Response answer = i % 2 == 0 ? get("127.0.0.101", "/api/v1/ocsp/MAA=")
                    : RawHttp.send("127.0.0.101", RestAssured.port, "POST", "/api/v1/ocsp", "garbage",
                            "Content-Type: application/ocsp-request");
            assertThat(answer.status()).as("OCSP request %d", i).isEqualTo(200);
        }
        assertRateLimited(get("127.0.0.101", "/api/v1/ocsp/MAA="), "OCSP");
        // spelling the path differently reaches the same endpoint and the same bucket
        assertRateLimited(get("127.0.0.101", "/api/v1//ocsp/MAA="), "OCSP");
        assertRateLimited(get("127.0.0.101", "/api/v1/crl/../ocsp/MAA="), "OCSP");

        assertThat(get("127.0.0.102", "/api/v1/ocsp/MAA=").status()).as("another address").isEqualTo(200);
        assertThat(get("127.0.0.101", "/api/v1/crl").status()).as("another group").isEqualTo(200);
        assertThat(get("127.0.0.101", "/q/health/ready").status()).as("health probes are never limited").isEqualTo(200);
    }

    @Test
    void eachAnonymousEndpointGroupHasItsBucket() {
        Map<String, String> groups = Map.of("/api/v1/crl.pem", "CRL", "/api/v1/directory", "your address",
                "/enroll", "enrollment page", "/api/v1/ca/bundle", "CRL");
        int address = 110;
        for (var group : groups.entrySet()) {
            String from = "127.0.0." + address++;
            for (int i = 0; i < BURST; i++) {
                assertThat(get(from, group.getKey()).status()).as("%s %d", group.getKey(), i).isEqualTo(200);
            }
            assertRateLimited(get(from, group.getKey()), group.getValue());
        }
    }

    @Test
    void eventStreamConnectionsAreLimitedPerAddress() throws Exception {
        for (int i = 0; i < BURST; i++) {
            try (var socket = RawHttp.connect("127.0.0.121", RestAssured.port)) {
                socket.getOutputStream().write(("GET /api/v1/events HTTP/1.1\r\nHost: localhost\r\n"
                        + "Accept: text/event-stream\r\n\r\n").getBytes());
                String status = new String(socket.getInputStream().readNBytes(12));
                assertThat(status).as("stream %d", i).isEqualTo("HTTP/1.1 200");
            }
        }
        assertRateLimited(get("127.0.0.121", "/api/v1/events"), "event stream");
    }

    @Test
    void behindTheTrustedProxyTheForwardedAddressIsTheKey() {
        for (int i = 0; i < BURST; i++) {
            assertThat(get(Lifecycle.TRUSTED_PROXY_ADDRESS, "/api/v1/crl", "X-Forwarded-For: 198.51.100.131").status())
                    .isEqualTo(200);
        }
        assertRateLimited(get(Lifecycle.TRUSTED_PROXY_ADDRESS, "/api/v1/crl", "X-Forwarded-For: 198.51.100.131"), "CRL");
        assertThat(get(Lifecycle.TRUSTED_PROXY_ADDRESS, "/api/v1/crl", "X-Forwarded-For: 198.51.100.132").status())
                .as("another client behind the proxy").isEqualTo(200);
    }

    @Test
    void anonymousOrdersGetTheirBurstPerAddressAndRefusalsLeaveNoRow() {
        String body = orderBody(openssl.read(openssl.newCsr("flood", "ec:P-256", "/CN=flood.anon.example")));
        long before = orders();
        for (int i = 0; i < ORDERS; i++) {
            assertThat(order("127.0.0.141", body).status()).as("order %d", i).isEqualTo(201);
        }
        assertRateLimited(order("127.0.0.141", body), "orders from your address");
        assertThat(orders()).as("the refused order left no row").isEqualTo(before + ORDERS);
        assertThat(Database.count(Database.TEST_DB, "SELECT hits FROM rate_limit_windows WHERE key = ?",
                "anonymous-order:127.0.0.141")).as("the orders counted in the shared window").isEqualTo(ORDERS);
    }

    @Test
    void ordersCountedByAnotherReplicaCountHereToo() {
        // another replica took this address's whole allowance in the current window
        Database.execute(Database.TEST_DB, "INSERT INTO rate_limit_windows VALUES ('anonymous-order:127.0.0.142', 180,"
                + " (floor(extract(epoch FROM clock_timestamp()) / 180) * 180)::bigint, " + ORDERS + ", 0)");
        long before = orders();
        RawHttp.Response refused = order("127.0.0.142",
                orderBody(openssl.read(openssl.newCsr("shared", "ec:P-256", "/CN=shared.anon.example"))));
        assertRateLimited(refused, "orders from your address");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 360L);
        assertThat(orders()).isEqualTo(before);
    }

    @Test
    void anOrderBodyLargerThanTheCsrLimitIs413AndLeavesNoRow() {
        long before = orders();
        String oversized = "{\"csr\": \"" + "A".repeat(16 * 1024) + "\"}";
        RawHttp.Response refused = order("127.0.0.151", oversized);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(refused.body()).contains("urn:ietf:params:acme:error:malformed").contains("16384 bytes");
        // chunked, without Content-Length: read up to the limit, then refused the same way
        RawHttp.Response chunked = RawHttp.sendChunked("127.0.0.152", RestAssured.port, "/api/v1/orders", oversized,
                "Content-Type: application/json");
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.body()).contains("16384 bytes");
        assertThat(orders()).as("nothing of a refused body is stored").isEqualTo(before);

        // the largest key the service accepts, with a hundred names, fits
        String names = "subjectAltName=" + String.join(",", java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> "DNS:device-" + i + ".fleet.anon.example").toList());
        String big = openssl.read(openssl.newCsr("rsa8192", "rsa:8192", "/CN=big.anon.example", "-addext", names));
        assertThat(order("127.0.0.153", orderBody(big)).status()).isEqualTo(201);
    }

    private static String orderBody(String pem) {
        return "{\"csr\": \"" + pem.replace("\n", "\\n") + "\"}";
    }

    private static long orders() {
        return Database.count(Database.TEST_DB, "SELECT count(*) FROM orders");
    }

    private static RawHttp.Response order(String from, String json) {
        return RawHttp.send(from, RestAssured.port, "POST", "/api/v1/orders", json, "Content-Type: application/json");
    }

    private static RawHttp.Response get(String from, String path, String... headers) {
        return RawHttp.send(from, RestAssured.port, "GET", path, null, headers);
    }

    static void assertRateLimited(RawHttp.Response response, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(429);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.body()).contains(RATE_LIMITED).contains(detail);
        assertThat(response.header("Retry-After")).matches("[1-9][0-9]*");
    }
}
