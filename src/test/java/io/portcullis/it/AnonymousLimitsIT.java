package io.portcullis.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.AppProcess;
import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.portcullis.support.RawHttp;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an unauthenticated caller can do to two packaged replicas in open enrollment: an order flood
 * from one address split over both gets {@value #ORDERS_PER_ADDRESS} orders in all, a flood from many
 * addresses stops at {@value #MAX_PENDING} pending orders, an oversized order body is 413 and stores
 * nothing, OCSP has a per-address limit, and one address holds at most two event streams.
 */
class AnonymousLimitsIT {

    static final int ORDERS_PER_ADDRESS = 4;
    static final int MAX_PENDING = 10;
    static final int OCSP_PER_ADDRESS = 5;
    static final String RATE_LIMITED = "urn:ietf:params:acme:error:rateLimited";

    final Openssl openssl = Openssl.inTempDir();

    @Test
    void anonymousCallersAreBoundedPerAddressAndInTotal() throws Exception {
        String database = Database.fresh("anonymous_limits");
        String order = "{\"csr\":\"" + openssl.read(openssl.newCsr("anon", "ec:P-256", "/CN=anon.example"))
                .replace("\n", "\\n") + "\"}";
        try (AppProcess a = app(database).start(); AppProcess b = app(database).start()) {
            a.awaitReady(Duration.ofMinutes(3));
            b.awaitReady(Duration.ofMinutes(3));
            AppProcess[] replicas = {a, b};

            // one address, split over both replicas: the per-address limit holds across them
            List<Integer> flood = new ArrayList<>();
            for (int i = 0; i < 3 * ORDERS_PER_ADDRESS; i++) {
                flood.add(order(replicas[i % 2], "127.0.0.81", order).status());
            }
            assertThat(flood.stream().filter(s -> s == 201).count()).as("orders from one address: %s", flood)
                    .isEqualTo(ORDERS_PER_ADDRESS);
            assertThat(flood.subList(ORDERS_PER_ADDRESS, flood.size())).containsOnly(429);
            RawHttp.Response limited = order(a, "127.0.0.81", order);
            assertThat(limited.body()).contains(RATE_LIMITED).contains("orders from your address");
            assertThat(limited.header("Retry-After")).matches("[1-9][0-9]*");

            // many addresses: the pending cap
            int address = 82;
            RawHttp.Response last = null;
            for (int i = 0; i < 2 * MAX_PENDING && (last == null || last.status() == 201); i++) {
                last = order(replicas[i % 2], "127.0.0." + (address + i / ORDERS_PER_ADDRESS), order);
            }
            assertThat(last.status()).isEqualTo(429);
            assertThat(last.body()).contains(RATE_LIMITED).contains("await an administrator");
            assertThat(pending(database)).as("pending anonymous orders").isEqualTo(MAX_PENDING);

            // an order body larger than a CSR needs
            String oversized = "{\"csr\":\"" + "A".repeat(20_000) + "\"}";
            RawHttp.Response tooLarge = order(b, "127.0.0.95", oversized);
            assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(413);
            assertThat(tooLarge.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(Database.count(database, "SELECT count(*) FROM orders")).isEqualTo(MAX_PENDING);

            // OCSP per address (per replica: no query per request)
            List<Integer> ocsp = new ArrayList<>();
            for (int i = 0; i < OCSP_PER_ADDRESS + 2; i++) {
                ocsp.add(RawHttp.send("127.0.0.96", a.port(), "GET", "/api/v1/ocsp/MAA=", null).status());
            }
            assertThat(ocsp.subList(0, OCSP_PER_ADDRESS)).as("%s", ocsp).containsOnly(200);
            assertThat(ocsp.subList(OCSP_PER_ADDRESS, ocsp.size())).as("%s", ocsp).containsOnly(429);
            assertThat(RawHttp.send("127.0.0.97", a.port(), "GET", "/api/v1/ocsp/MAA=", null).status()).isEqualTo(200);

            // event streams: two per address
            try (Socket first = stream(a, "127.0.0.98"); Socket second = stream(a, "127.0.0.98");
                    Socket third = stream(a, "127.0.0.98")) {
                assertThat(status(first)).isEqualTo(200);
                assertThat(status(second)).isEqualTo(200);
                assertThat(status(third)).isEqualTo(429);
            }
        }
    }

    private static AppProcess app(String database) {
        return AppProcess.on(database)
                .env("PORTCULLIS_CA_PASSPHRASE", "anonymous-it-passphrase")
                .env("PORTCULLIS_ADMIN_TOKEN", "anonymous-it-admin-token-0123456789abcdefghijklmn")
                .env("PORTCULLIS_ENROLLMENT_OPEN", "true")
                .env("PORTCULLIS_ORDER_MAX_PENDING_ANONYMOUS", Integer.toString(MAX_PENDING))
                .env("PORTCULLIS_RATE_LIMIT_ANONYMOUS_ORDERS_CAPACITY", Integer.toString(ORDERS_PER_ADDRESS))
                .env("PORTCULLIS_RATE_LIMIT_ANONYMOUS_ORDERS_REFILL_PER_MINUTE", "1")
                .env("PORTCULLIS_RATE_LIMIT_ANONYMOUS_OCSP_CAPACITY", Integer.toString(OCSP_PER_ADDRESS))
                .env("PORTCULLIS_RATE_LIMIT_ANONYMOUS_OCSP_REFILL_PER_MINUTE", "1")
                .env("PORTCULLIS_EVENTS_MAX_STREAMS_PER_ADDRESS", "2");
    }

    private static RawHttp.Response order(AppProcess replica, String from, String json) {
        return RawHttp.send(from, replica.port(), "POST", "/api/v1/orders", json, "Content-Type: application/json");
    }

    private static long pending(String database) {
        return Database.count(database, "SELECT count(*) FROM orders WHERE status = 'pending'");
    }

    private static Socket stream(AppProcess replica, String from) throws Exception {
        Socket socket = RawHttp.connect(from, replica.port());
        socket.getOutputStream().write(("GET /api/v1/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return socket;
    }

    private static int status(Socket socket) throws Exception {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return Integer.parseInt(line.toString().split(" ")[1]);
    }
}
