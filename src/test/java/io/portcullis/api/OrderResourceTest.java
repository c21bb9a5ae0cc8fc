package io.portcullis.api;

import static io.portcullis.api.EnrollmentApi.ADMIN;
import static io.portcullis.api.EnrollmentApi.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.portcullis.enrollment.OrderExpiry;
import io.portcullis.support.Database;
import io.portcullis.support.EnrollmentProfile;
import io.portcullis.support.TestClock;
import io.portcullis.support.Openssl;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Orders with enrollment tokens, approval, expiry and open enrollment (real PostgreSQL and openssl). */
@QuarkusTest
@TestProfile(EnrollmentProfile.class)
class OrderResourceTest {

    @jakarta.inject.Inject
    TestClock clock;

    static final String REJECTED_IDENTIFIER = "urn:ietf:params:acme:error:rejectedIdentifier";
    static final String UNAUTHORIZED = "urn:ietf:params:acme:error:unauthorized";
    static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    final Openssl openssl = Openssl.inTempDir();

    @TestHTTPResource("/")
    URL base;

    @Inject
    OrderExpiry expiry;

    @BeforeEach
    void clean() {
        EnrollmentApi.reset();
        clock.reset();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    String csr(String name, String subject, String... extra) {
        return openssl.read(openssl.newCsr(name, "ec:P-256", subject, extra));
    }

    /** POSTs to an order action without body or Content-Type, as {@code curl -X POST} does. */
    int bare(String action, String authorization, String orderUrl) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(orderUrl + "/" + action))
                    .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.noBody()).build();
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    void assertVerifies(String chain) {
        openssl.write("chain.crt", chain);
        openssl.write("ca.crt", given().get("/api/v1/ca/certificate").asString());
        assertThat(openssl.ok("verify", "-CAfile", "ca.crt", "chain.crt")).contains("chain.crt: OK");
    }

    @Test
    void autoApprovalIssuesInTheSameRequest() {
        Response token = EnrollmentApi.token("door.home.example", "subjectAltNames", List.of("DNS:door.home.example"));
        assertThat(token.<String>path("token")).matches("pce_[A-Za-z0-9_-]{43}");
        assertThat(token.<String>path("approval")).isEqualTo("auto");

        Response order = EnrollmentApi.order(token.path("token"),
                        csr("door", "/CN=door.home.example", "-addext", "subjectAltName=DNS:door.home.example"))
                .then().statusCode(201)
                .body("status", equalTo("valid"))
                .body("commonName", equalTo("door.home.example"))
                .body("subjectAltNames", equalTo(List.of("DNS:door.home.example")))
                .body("serialNumber", notNullValue())
                .extract().response();
        String id = order.path("id");
        assertThat(id).matches(UUID_V4);
        assertThat(order.header("Location")).isEqualTo("/api/v1/orders/" + id);
        assertThat(order.header("Retry-After")).isNull();
        String chain = order.path("certificate");
        assertThat(chain.split("BEGIN CERTIFICATE", -1)).as("leaf + CA").hasSize(3);
        assertVerifies(chain);

        given().header("Authorization", bearer(token.path("token"))).get(order.<String>path("certificateUrl"))
                .then().statusCode(200).contentType("application/x-pem-file").body(equalTo(chain));
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM orders WHERE id = ? AND status = 'valid' "
                + "AND serial_number = ?", id, order.<String>path("serialNumber"))).isEqualTo(1);
        assertThat(Database.count(Database.TEST_DB, "SELECT uses_left FROM enrollment_tokens WHERE id = ?",
                token.<String>path("id"))).isZero();
        assertThat(EnrollmentApi.auditRows("order.created", id)).isEqualTo(1);
        assertThat(EnrollmentApi.auditRows("certificate.issued", order.path("serialNumber"))).isEqualTo(1);
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM audit_events WHERE action = 'order.created' "
                + "AND actor_role = 'enrollment' AND actor_id = ?", token.<String>path("id"))).isEqualTo(1);
    }

    @Test
    void rawDerCsrIsAccepted() throws Exception {
        String token = EnrollmentApi.token("door.home.example").path("token");
        Path key = openssl.key("der", "ec:P-256");
        openssl.ok("req", "-new", "-key", key.toString(), "-subj", "/CN=door.home.example", "-outform", "DER",
                "-out", "der.csr");
        given().header("Authorization", bearer(token)).contentType("application/pkcs10")
                .body(Files.readAllBytes(openssl.dir().resolve("der.csr"))).post("/api/v1/orders")
                .then().statusCode(201).body("status", equalTo("valid"));
    }

    @Test
    void wrongIdentityIsRejectedAndSpendsNothing() {
        Response token = EnrollmentApi.token("door.home.example", "subjectAltNames", List.of("DNS:door.home.example"));
        String secret = token.path("token");

        EnrollmentApi.order(secret, csr("other", "/CN=garage.home.example"))
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo(REJECTED_IDENTIFIER));
        EnrollmentApi.order(secret, csr("san", "/CN=door.home.example", "-addext",
                        "subjectAltName=DNS:door.home.example,DNS:garage.home.example"))
                .then().statusCode(403).body("type", equalTo(REJECTED_IDENTIFIER));
        assertThat(Database.count("SELECT count(*) FROM orders")).isZero();
        assertThat(Database.count("SELECT count(*) FROM certificates")).isZero();
        assertThat(Database.count(Database.TEST_DB, "SELECT uses_left FROM enrollment_tokens WHERE id = ?",
                token.<String>path("id"))).isEqualTo(1);

        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM audit_events WHERE action = 'order.created' "
                + "AND outcome = 'rejectedIdentifier' AND target = ?", token.<String>path("id"))).isEqualTo(2);

        EnrollmentApi.order(secret, csr("door", "/CN=door.home.example")).then().statusCode(201);
    }

    @Test
    void usedExpiredAndDeletedTokensAreUnauthorized() {
        String used = EnrollmentApi.token("used.example").path("token");
        EnrollmentApi.order(used, csr("u1", "/CN=used.example")).then().statusCode(201);
        EnrollmentApi.order(used, csr("u2", "/CN=used.example"))
                .then().statusCode(401).contentType("application/problem+json").body("type", equalTo(UNAUTHORIZED));

        String expiring = EnrollmentApi.token("expired.example", "expiresInSeconds", 60).path("token");
        clock.advance(Duration.ofSeconds(61));
        EnrollmentApi.order(expiring, csr("e", "/CN=expired.example")).then().statusCode(401);
        clock.reset();

        Response deleted = EnrollmentApi.token("deleted.example", "uses", 3);
        given().header("Authorization", ADMIN).delete("/api/v1/enrollment-tokens/" + deleted.path("id"))
                .then().statusCode(204);
        EnrollmentApi.order(deleted.path("token"), csr("d", "/CN=deleted.example"))
                .then().statusCode(401).body("type", equalTo(UNAUTHORIZED));

        assertThat(Database.count("SELECT count(*) FROM orders")).isEqualTo(1);
        assertThat(Database.count("SELECT count(*) FROM certificates")).isEqualTo(1);
        assertThat(EnrollmentApi.auditRows("enrollment-token.deleted", deleted.path("id"))).isEqualTo(1);
    }

    @Test
    void parallelUsesOfASingleUseTokenGiveExactlyOneCertificate() throws Exception {
        String token = EnrollmentApi.token("race.example").path("token");
        String body = "{\"csr\": \"" + csr("race", "/CN=race.example").replace("\n", "\\n") + "\"}";
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString()).resolve("/api/v1/orders"))
                .header("Authorization", bearer(token)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        int parallel = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                }));
            }
            start.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get());
            }
            assertThat(codes).filteredOn(c -> c == 201).hasSize(1);
            assertThat(codes).filteredOn(c -> c == 401).hasSize(parallel - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Database.count("SELECT count(*) FROM certificates")).isEqualTo(1);
        assertThat(Database.count("SELECT count(*) FROM orders")).isEqualTo(1);
        assertThat(Database.count("SELECT count(*) FROM audit_events WHERE action = 'order.created' "
                + "AND outcome = 'success'")).isEqualTo(1);
        assertThat(Database.count("SELECT count(*) FROM audit_events WHERE action = 'order.created' "
                + "AND outcome = 'unauthorized'")).isEqualTo(parallel - 1);
    }

    @Test
    void manualApprovalPendsThenIssuesExactlyOnce() {
        Response token = EnrollmentApi.token("door.home.example", "approval", "manual");
        String secret = token.path("token");
        Response pending = EnrollmentApi.order(secret, csr("door", "/CN=door.home.example"))
                .then().statusCode(201).body("status", equalTo("pending")).body("certificate", nullValue())
                .header("Retry-After", "1").extract().response();
        String id = pending.path("id");
        String url = "/api/v1/orders/" + id;

        given().header("Authorization", bearer(secret)).get(url)
                .then().statusCode(200).body("status", equalTo("pending")).header("Retry-After", "1");
        given().header("Authorization", bearer(secret)).get(url + "/certificate")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:ietf:params:acme:error:orderNotReady")).header("Retry-After", "1");
        given().header("Authorization", ADMIN).get("/api/v1/orders?status=pending")
                .then().statusCode(200).body("items.id", hasItem(id));
        assertThat(bare("approve", bearer(secret), url)).isEqualTo(403);
        assertThat(Database.count("SELECT count(*) FROM certificates")).isZero();

        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("validityDays", 10))
                .post(url + "/approve")
                .then().statusCode(200).body("status", equalTo("valid")).body("certificate", notNullValue());
        given().header("Authorization", ADMIN).contentType("application/json").body("{}").post(url + "/approve")
                .then().statusCode(409).contentType("application/problem+json");
        assertThat(Database.count("SELECT count(*) FROM certificates")).isEqualTo(1);

        String chain = given().header("Authorization", bearer(secret)).get(url + "/certificate")
                .then().statusCode(200).extract().asString();
        assertVerifies(chain);
        openssl.write("leaf.crt", chain);
        assertThat(openssl.ok("x509", "-in", "leaf.crt", "-noout", "-subject")).contains("door.home.example");
        given().header("Authorization", ADMIN).get("/api/v1/orders?status=pending")
                .then().statusCode(200).body("total", equalTo(0));
        assertThat(EnrollmentApi.auditRows("order.created", id)).isEqualTo(1);
        assertThat(EnrollmentApi.auditRows("order.approved", id)).isEqualTo(1);
        assertThat(Database.count("SELECT count(*) FROM audit_events WHERE action = 'certificate.issued' "
                + "AND actor_id = 'bootstrap-admin'")).isEqualTo(1);
    }

    @Test
    void parallelApprovalsIssueExactlyOnce() throws Exception {
        String secret = EnrollmentApi.token("door.home.example", "approval", "manual").path("token");
        String url = "/api/v1/orders/" + EnrollmentApi.order(secret, csr("door", "/CN=door.home.example"))
                .then().statusCode(201).extract().path("id");
        int parallel = 10;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return bare("approve", ADMIN, url);
                }));
            }
            start.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get());
            }
            assertThat(codes).filteredOn(c -> c == 200).hasSize(1);
            assertThat(codes).filteredOn(c -> c == 409).hasSize(parallel - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Database.count("SELECT count(*) FROM certificates")).isEqualTo(1);
        assertThat(Database.count("SELECT count(*) FROM audit_events WHERE action = 'order.approved'")).isEqualTo(1);
    }

    @Test
    void rejectedOrderIsForbiddenOnDownload() {
        String secret = EnrollmentApi.token("door.home.example", "approval", "manual").path("token");
        String id = EnrollmentApi.order(secret, csr("door", "/CN=door.home.example")).then().statusCode(201)
                .extract().path("id");
        String url = "/api/v1/orders/" + id;

        given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("reason", "unknown device")).post(url + "/reject")
                .then().statusCode(200).body("status", equalTo("invalid"))
                .body("error.detail", containsString("unknown device"));
        given().header("Authorization", bearer(secret)).get(url + "/certificate")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo(UNAUTHORIZED)).body("detail", containsString("unknown device"));
        assertThat(bare("approve", ADMIN, url)).isEqualTo(409);
        assertThat(bare("reject", ADMIN, url)).isEqualTo(409);
        assertThat(Database.count("SELECT count(*) FROM certificates")).isZero();
        assertThat(EnrollmentApi.auditRows("order.rejected", id)).isEqualTo(1);
    }

    @Test
    void pendingOrdersExpire() {
        String secret = EnrollmentApi.token("door.home.example", "approval", "manual").path("token");
        String id = EnrollmentApi.order(secret, csr("door", "/CN=door.home.example")).then().statusCode(201)
                .extract().path("id");
        String url = "/api/v1/orders/" + id;

        clock.advance(Duration.ofDays(7).plusMinutes(1));
        given().header("Authorization", bearer(secret)).get(url)
                .then().statusCode(200).body("status", equalTo("invalid"))
                .body("error.detail", containsString("expired"));
        given().header("Authorization", bearer(secret)).get(url + "/certificate").then().statusCode(403);
        assertThat(bare("approve", ADMIN, url)).isEqualTo(409);
        given().header("Authorization", ADMIN).get("/api/v1/orders?status=invalid")
                .then().statusCode(200).body("items.id", hasItem(id));

        expiry.expireDue();
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM orders WHERE id = ? AND status = 'invalid' "
                + "AND invalid_reason = 'expired'", id)).isEqualTo(1);
        assertThat(expiry.expireDue()).as("expired once").isZero();
        assertThat(EnrollmentApi.auditRows("order.expired", id)).isEqualTo(1);
        assertThat(Database.count("SELECT count(*) FROM certificates")).isZero();
    }

    @Test
    void openEnrollmentWaitsForAnAdministrator() {
        Response order = EnrollmentApi.order(null, csr("anon", "/CN=kiosk.home.example"))
                .then().statusCode(201).body("status", equalTo("pending")).extract().response();
        String url = "/api/v1/orders/" + order.path("id");
        given().get(url).then().statusCode(200).body("status", equalTo("pending"));
        given().get(url + "/certificate").then().statusCode(409);

        assertThat(bare("approve", ADMIN, url)).isEqualTo(200);
        assertVerifies(given().get(url + "/certificate").then().statusCode(200).extract().asString());
        assertThat(Database.count("SELECT count(*) FROM audit_events WHERE action = 'order.created' "
                + "AND actor_role = 'anonymous'")).isEqualTo(1);
    }

    @Test
    void anOrderIsVisibleOnlyToItsTokenAndReaders() {
        String mine = EnrollmentApi.token("door.home.example", "approval", "manual").path("token");
        String theirs = EnrollmentApi.token("garage.home.example").path("token");
        String url = "/api/v1/orders/" + EnrollmentApi.order(mine, csr("door", "/CN=door.home.example"))
                .then().statusCode(201).extract().path("id");

        given().header("Authorization", bearer(theirs)).get(url).then().statusCode(404);
        given().header("Authorization", bearer(theirs)).get(url + "/certificate").then().statusCode(404);
        given().get(url).then().statusCode(404);
        given().get("/api/v1/orders/not-an-id").then().statusCode(404);
        given().header("Authorization", bearer(mine)).get(url).then().statusCode(200);
        given().header("Authorization", ADMIN).get(url).then().statusCode(200);
        String auditor = bearer(EnrollmentApi.credential("auditor", null, null));
        given().header("Authorization", auditor).get(url).then().statusCode(200);
        assertThat(bare("approve", auditor, url)).isEqualTo(403);
        assertThat(bare("reject", auditor, url)).isEqualTo(403);
    }

    @Test
    void auditTrailIsFilterable() {
        String secret = EnrollmentApi.token("door.home.example").path("token");
        EnrollmentApi.order(secret, csr("door", "/CN=door.home.example")).then().statusCode(201);
        String auditor = bearer(EnrollmentApi.credential("auditor", null, null));

        given().header("Authorization", auditor).get("/api/v1/audit?action=order.created")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].actorRole", equalTo("enrollment"))
                .body("items[0].outcome", equalTo("success")).body("items[0].remoteAddress", notNullValue());
        given().header("Authorization", auditor).get("/api/v1/audit")
                .then().statusCode(200).body("items.action", hasItem("certificate.issued"))
                .body("items.action", hasItem("enrollment-token.created"))
                .body("items.action", hasItem("credential.created"));
        given().header("Authorization", auditor).get("/api/v1/audit?since=2999-01-01T00:00:00Z")
                .then().statusCode(200).body("total", equalTo(0));
        given().header("Authorization", auditor).get("/api/v1/audit?action=nope").then().statusCode(400);
        given().header("Authorization", auditor).get("/api/v1/audit?since=yesterday").then().statusCode(400);
        String audit = given().header("Authorization", ADMIN).get("/api/v1/audit?size=500").asString();
        assertThat(audit).doesNotContain(secret.substring(4));
    }
}
