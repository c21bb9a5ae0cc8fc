package io.portcullis.api;

import static io.portcullis.support.SecurityLimitsProfile.BODY_TIMEOUT_MILLIS;
import static io.portcullis.support.SecurityLimitsProfile.IDLE_TIMEOUT_MILLIS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.Database;
import io.portcullis.support.RawHttp;
import io.portcullis.support.SecurityLimitsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Slow-loris clients ({@link SecurityLimitsProfile}: bodies within 2 s, idle connections 3 s): a
 * client that dribbles its body loses its connection in bounded time without a certificate being
 * made, and the service answers everyone else meanwhile; so does a client that stops mid-headers.
 * A client that hangs up in the middle of its body is logged as such, not as a server incident.
 */
@QuarkusTest
@TestProfile(SecurityLimitsProfile.class)
class SlowRequestTest {

    static final String HEAD = "POST /api/v1/certificates HTTP/1.1\r\nHost: localhost\r\n"
            + "Authorization: Bearer test-admin-token\r\nContent-Type: application/json\r\n";

    @Test
    void aBodyWithALengthThatDribblesLosesItsConnection() throws Exception {
        dribble("127.0.0.61", HEAD + "Content-Length: 5000\r\n\r\n{\"csr\": \"", " ");
    }

    @Test
    void aChunkedBodyThatDribblesLosesItsConnection() throws Exception {
        dribble("127.0.0.62", HEAD + "Transfer-Encoding: chunked\r\n\r\n9\r\n{\"csr\": \"\r\n", "1\r\n \r\n");
    }

    @Test
    void aClientThatStopsInTheMiddleOfItsHeadersIsDisconnected() throws Exception {
        try (Socket socket = RawHttp.connect("127.0.0.63", RestAssured.port)) {
            socket.getOutputStream().write("GET /api/v1/directory HTTP/1.1\r\nHost: local".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            assertThat(socket.getInputStream().read()).as("closed without a response").isEqualTo(-1);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("Stalled headers: connection closed after %d ms (idle timeout %d ms)%n", millis,
                    IDLE_TIMEOUT_MILLIS);
            assertThat(millis).isBetween(IDLE_TIMEOUT_MILLIS - 500, IDLE_TIMEOUT_MILLIS + 4_000);
        }
    }

    @Test
    void aClientThatHangsUpInTheMiddleOfItsBodyIsNoIncident() throws Exception {
        long certificates = Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates");
        long logged = Files.size(SecretLoggingTest.LOG);
        try (Socket socket = RawHttp.connect("127.0.0.64", RestAssured.port)) {
            socket.getOutputStream().write((HEAD + "Content-Length: 5000\r\n\r\n{\"csr\": \"").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Thread.sleep(500); // the service is reading the body, waiting for the rest of it
        }
        String log = "";
        for (long deadline = System.nanoTime() + 10_000_000_000L; !log.contains("closed its connection before its request body");) {
            assertThat(System.nanoTime()).as("the hang-up is logged within 10 s; the log has:%n%s", log).isLessThan(deadline);
            Thread.sleep(100);
            byte[] all = Files.readAllBytes(SecretLoggingTest.LOG);
            log = new String(all, (int) logged, all.length - (int) logged, StandardCharsets.UTF_8);
        }
        assertThat(log).as("a client that left is not a server failure").doesNotContain("Unexpected failure");
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates")).isEqualTo(certificates);
    }

    /** Sends {@code head}, then {@code piece} every 100 ms until the service cuts the connection. */
    private static void dribble(String from, String head, String piece) throws Exception {
        long certificates = Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates");
        given().get("/api/v1/directory").then().statusCode(200); // warm, so the timings below are the service's
        try (Socket socket = RawHttp.connect(from, RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            AtomicInteger sent = new AtomicInteger();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    while (sent.get() < 200) {
                        Thread.sleep(100);
                        out.write(piece.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        sent.incrementAndGet();
                    }
                } catch (IOException e) {
                    // the service closed the connection: what the test waits for
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            // meanwhile everyone else is served at once
            for (int i = 0; i < 5; i++) {
                long before = System.nanoTime();
                given().get("/api/v1/directory").then().statusCode(200);
                assertThat((System.nanoTime() - before) / 1_000_000).as("another client's request, ms").isLessThan(1_000);
            }

            String answer = readUntilClosed(socket.getInputStream());
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("Slow body from %s: connection closed after %d ms and %d pieces (body timeout %d ms)%n",
                    from, millis, sent.get(), BODY_TIMEOUT_MILLIS);
            assertThat(answer).as("no response but the end of the connection").isEmpty();
            assertThat(millis).isBetween(BODY_TIMEOUT_MILLIS - 200, BODY_TIMEOUT_MILLIS + 3_000);
            assertThat(sent.get()).as("the client was still sending").isGreaterThan(5);
            writer.cancel(true);
        }
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates")).isEqualTo(certificates);
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        StringBuilder received = new StringBuilder();
        try {
            for (int b = in.read(); b != -1; b = in.read()) {
                received.append((char) b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection was still open after 15 s; received: " + received, e);
        } catch (IOException e) {
            // reset by the service
        }
        return received.toString();
    }
}
