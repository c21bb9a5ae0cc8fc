package io.portcullis.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.portcullis.enrollment.OrderExpiry;
import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.portcullis.support.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bounds on what unauthenticated callers can hold: pending anonymous orders (open enrollment), how long
 * rejected and expired orders stay, and open event streams per replica and per client address.
 */
@QuarkusTest
@TestProfile(AnonymousLimitsTest.Profile.class)
class AnonymousLimitsTest {

    static final String ADMIN = "Bearer test-admin-token";
    static final String RATE_LIMITED = "urn:ietf:params:acme:error:rateLimited";
    static final int MAX_PENDING = 3;

    /** Open enrollment with small caps. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("portcullis.enrollment-open", "true",
                    "portcullis.order.max-pending-anonymous", Integer.toString(MAX_PENDING),
                    "portcullis.events.max-streams", "3",
                    "portcullis.events.max-streams-per-address", "2");
        }
    }

    final Openssl openssl = Openssl.inTempDir();

    @Inject
    OrderExpiry expiry;

    @BeforeEach
    void reset() {
        EnrollmentApi.reset();
    }

    @Test
    void pendingAnonymousOrdersAreCapped() {
        String csr = openssl.read(openssl.newCsr("kiosk", "ec:P-256", "/CN=kiosk.home.example"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < MAX_PENDING; i++) {
            ids.add(EnrollmentApi.order(null, csr).then().statusCode(201).body("status", equalTo("pending"))
                    .extract().path("id"));
        }

        EnrollmentApi.order(null, csr).then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", notNullValue()).body("type", equalTo(RATE_LIMITED))
                .body("detail", containsString("await an administrator"));
        assertThat(Database.count("SELECT count(*) FROM orders")).as("the refused order left no row").isEqualTo(MAX_PENDING);

        // a token holder is not affected, and a decision frees a place
        String token = EnrollmentApi.token("door.home.example", "approval", "manual").path("token");
        EnrollmentApi.order(token, openssl.read(openssl.newCsr("door", "ec:P-256", "/CN=door.home.example")))
                .then().statusCode(201);
        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", "unknown kiosk"))
                .post("/api/v1/orders/" + ids.get(0) + "/reject").then().statusCode(200);
        EnrollmentApi.order(null, csr).then().statusCode(201);
    }

    @Test
    void rejectedAndExpiredOrdersArePurgedAfterTheRetention() {
        String csr = openssl.read(openssl.newCsr("purge", "ec:P-256", "/CN=purge.home.example"));
        String old = EnrollmentApi.order(null, csr).then().statusCode(201).extract().path("id");
        String recent = EnrollmentApi.order(null, csr).then().statusCode(201).extract().path("id");
        String abandoned = EnrollmentApi.order(null, csr).then().statusCode(201).extract().path("id");
        for (String id : List.of(old, recent)) {
            given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", "no"))
                    .post("/api/v1/orders/" + id + "/reject").then().statusCode(200);
        }
        Database.execute(Database.TEST_DB, "UPDATE orders SET decided_at = now() - interval '31 days' WHERE id = '" + old + "'");
        Database.execute(Database.TEST_DB, "UPDATE orders SET created_at = now() - interval '40 days',"
                + " expires_at = now() - interval '31 days' WHERE id = '" + abandoned + "'");
        expiry.expireDue();

        assertThat(expiry.purgeDue()).isEqualTo(2);
        assertThat(Database.strings(Database.TEST_DB, "SELECT id FROM orders")).containsExactly(recent);
        assertThat(expiry.purgeDue()).isZero();
    }

    @Test
    void eventStreamsAreCappedPerAddressAndPerReplica() throws Exception {
        List<Socket> streams = new ArrayList<>();
        try {
            streams.add(openStream("127.0.0.1", null, 200));
            streams.add(openStream("127.0.0.1", null, 200));
            given().get("/api/v1/events").then().statusCode(429).contentType("application/problem+json")
                    .header("Retry-After", notNullValue()).body("type", equalTo(RATE_LIMITED))
                    .body("detail", containsString("close one first"));

            // behind the trusted proxy (127.0.0.2) each forwarded address counts on its own, all toward the total
            streams.add(openStream("127.0.0.2", "198.51.100.7", 200));
            openStream("127.0.0.2", "198.51.100.8", 429).close();

            // a closed stream frees its slot once the server notices the connection is gone
            streams.remove(0).close();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Socket reopened = null;
            while (reopened == null && System.nanoTime() < deadline) {
                Socket attempt = openStream("127.0.0.1", null, -1);
                if (status(attempt) == 200) {
                    reopened = attempt;
                } else {
                    attempt.close();
                    Thread.sleep(50);
                }
            }
            assertThat(reopened).as("a stream from 127.0.0.1 again after one closed").isNotNull();
            streams.add(reopened);
        } finally {
            for (Socket s : streams) {
                s.close();
            }
        }
    }

    /** Opens {@code GET /api/v1/events} and checks the status (any when {@code expected} is -1). */
    private Socket openStream(String from, String forwardedFor, int expected) throws IOException {
        Socket socket = RawHttp.connect(from, RestAssured.port);
        String request = "GET /api/v1/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n") + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        if (expected != -1) {
            assertThat(status(socket)).as("event stream from %s (forwarded %s)", from, forwardedFor).isEqualTo(expected);
        }
        return socket;
    }

    private final Map<Socket, Integer> statuses = new java.util.HashMap<>();

    /** The status line's code, read once per socket. */
    private int status(Socket socket) throws IOException {
        Integer known = statuses.get(socket);
        if (known != null) {
            return known;
        }
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        int status = Integer.parseInt(line.toString().split(" ")[1]);
        statuses.put(socket, status);
        return status;
    }
}
