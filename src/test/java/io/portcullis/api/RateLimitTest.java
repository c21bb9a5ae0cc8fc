package io.portcullis.api;

import static io.portcullis.support.SecurityLimitsProfile.FAILED_AUTH;
import static io.portcullis.support.SecurityLimitsProfile.PER_ADDRESS;
import static io.portcullis.support.SecurityLimitsProfile.PER_CERTIFICATE;
import static io.portcullis.support.SecurityLimitsProfile.PER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.ca.Actor;
import io.portcullis.ca.Enrolment;
import io.portcullis.ca.Pem;
import io.portcullis.ca.issuance.Authority;
import io.portcullis.credential.Credentials;
import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.portcullis.support.RawHttp;
import io.portcullis.support.SecurityLimitsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Token buckets per token, per client address and for refused tokens per address
 * ({@link SecurityLimitsProfile}: 5, 8 and 3, refilled one a minute). Each test is a different
 * client address (127.0.0.0/8 is all loopback) and uses its own credentials, made in-process so that
 * making them costs no request.
 */
@QuarkusTest
@TestProfile(SecurityLimitsProfile.class)
class RateLimitTest {

    static final String RATE_LIMITED = "urn:ietf:params:acme:error:rateLimited";

    @Inject
    Credentials credentials;

    @Inject
    Authority authority;

    @Inject
    SharedLimits sharedLimits;

    final Openssl openssl = Openssl.inTempDir();

    @Test
    void aLeakedTokenMintsOnlyItsBurstThenGets429WithRetryAfter() {
        String name = "rl-" + UUID.randomUUID() + ".rl.example";
        String token = credential("issuer", List.of("*.rl.example"));
        String csr = "{\"csr\": \"" + openssl.read(openssl.newCsr("minter", "ec:P-256", "/CN=" + name))
                .replace("\n", "\\n") + "\"}";
        for (int i = 0; i < PER_TOKEN; i++) {
            assertThat(issue("127.0.0.11", token, csr).status()).as("request %d", i).isEqualTo(201);
        }
        RawHttp.Response limited = issue("127.0.0.11", token, csr);
        assertRateLimited(limited, "this token");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates WHERE common_name = ?", name))
                .as("the refused request left no certificate").isEqualTo(PER_TOKEN);

        // the same token from another address, or spelt differently, is the same bucket; another token is not
        assertRateLimited(issue("127.0.0.12", token, csr), "this token");
        assertRateLimited(RawHttp.send("127.0.0.12", RestAssured.port, "POST", "/api/v1/certificates", csr,
                "Authorization: bEaReR    " + token + "  ", "Content-Type: application/json"), "this token");
        assertThat(get("127.0.0.11", credential("auditor", null), "/api/v1/certificates?size=1").status()).isEqualTo(200);
    }

    @Test
    void oneAddressGetsItsBurstWhateverTokensItUses() {
        for (int i = 0; i < PER_ADDRESS; i++) {
            assertThat(get("127.0.0.21", credential("auditor", null), "/api/v1/audit?size=1").status()).isEqualTo(200);
        }
        String fresh = credential("auditor", null);
        assertRateLimited(get("127.0.0.21", fresh, "/api/v1/audit?size=1"), "your address");
        assertThat(get("127.0.0.22", fresh, "/api/v1/audit?size=1").status()).isEqualTo(200);
    }

    @Test
    void guessingTokensThrottlesTheAddressEvenForValidTokens() {
        for (int i = 0; i < FAILED_AUTH; i++) {
            RawHttp.Response refused = get("127.0.0.31", "pcc_" + guess(), "/api/v1/certificates");
            assertThat(refused.status()).isEqualTo(401);
        }
        String valid = credential("auditor", null);
        RawHttp.Response limited = get("127.0.0.31", valid, "/api/v1/certificates");
        assertRateLimited(limited, "refused tokens");
        assertThat(limited.body()).doesNotContain(valid.substring(4));
        assertThat(get("127.0.0.32", valid, "/api/v1/certificates?size=1").status()).isEqualTo(200);
        // valid tokens do not use up the refused-token allowance
        String other = credential("auditor", null);
        for (int i = 0; i < FAILED_AUTH + 1; i++) {
            assertThat(get("127.0.0.33", other, "/api/v1/certificates?size=1").status()).isEqualTo(200);
        }
    }

    @Test
    void refusedTokensCountedByAnotherReplicaCountHereToo() throws InterruptedException {
        String address = "127.0.0.38";
        // another replica refused all but one of this address's allowance in the current window
        Database.execute(Database.TEST_DB, "INSERT INTO rate_limit_windows VALUES ('failed-auth:" + address + "',"
                + " 180, (floor(extract(epoch FROM clock_timestamp()) / 180) * 180)::bigint, " + (FAILED_AUTH - 1) + ", 0)");
        assertThat(get(address, "pcc_" + guess(), "/api/v1/certificates").status()).isEqualTo(401);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sharedLimits.failedAuthBlockedSeconds(address) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10); // the refusal is recorded off the event loop, after the 401 was written
        }
        RawHttp.Response limited = get(address, credential("auditor", null), "/api/v1/certificates");
        assertRateLimited(limited, "refused tokens");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 360L);
        assertThat(Database.count(Database.TEST_DB, "SELECT hits FROM rate_limit_windows WHERE key = ?",
                "failed-auth:" + address)).isEqualTo(FAILED_AUTH);
    }

    @Test
    void guessingTokensOnTheEnrollmentPageIsThrottledLikeInTheHeader() {
        String form = "token=pce_" + guess() + "&password=long-enough-1&confirm=long-enough-1&device=firefox";
        for (int i = 0; i < FAILED_AUTH; i++) {
            assertThat(RawHttp.send("127.0.0.36", RestAssured.port, "POST", "/enroll", form,
                    "Content-Type: application/x-www-form-urlencoded").status()).isEqualTo(401);
        }
        assertRateLimited(RawHttp.send("127.0.0.36", RestAssured.port, "POST", "/enroll", form,
                "Content-Type: application/x-www-form-urlencoded"), "refused tokens");
        assertThat(get("127.0.0.36", credential("auditor", null), "/api/v1/certificates").status())
                .as("the header path shares the refused-token allowance").isEqualTo(429);
        assertThat(RawHttp.send("127.0.0.36", RestAssured.port, "GET", "/enroll", null).status())
                .as("reading the page is not limited").isEqualTo(200);
    }

    @Test
    void behindATrustedProxyTheForwardedAddressIsTheKeyAndOtherwiseTheClientsOwnIsIgnored() {
        String proxy = Lifecycle.TRUSTED_PROXY_ADDRESS;
        for (int i = 0; i < PER_ADDRESS; i++) {
            assertThat(get(proxy, credential("auditor", null), "/api/v1/audit?size=1",
                    "X-Forwarded-For: 203.0.113.9, 198.51.100.7").status()).isEqualTo(200);
        }
        assertRateLimited(get(proxy, credential("auditor", null), "/api/v1/audit?size=1",
                "X-Forwarded-For: 203.0.113.10, 198.51.100.7"), "your address");
        assertThat(get(proxy, credential("auditor", null), "/api/v1/audit?size=1",
                "X-Forwarded-For: 198.51.100.8").status()).as("another client behind the proxy").isEqualTo(200);

        // an untrusted client cannot escape its bucket by forging the header
        for (int i = 0; i < PER_ADDRESS; i++) {
            assertThat(get("127.0.0.41", credential("auditor", null), "/api/v1/audit?size=1",
                    "X-Forwarded-For: 198.51.100." + (100 + i)).status()).isEqualTo(200);
        }
        assertRateLimited(get("127.0.0.41", credential("auditor", null), "/api/v1/audit?size=1",
                "X-Forwarded-For: 198.51.100.200"), "your address");
    }

    @Test
    void theAuditTrailRecordsTheAddressTheLimitsUse() {
        String csr = "{\"csr\": \"" + openssl.read(openssl.newCsr("audited", "ec:P-256", "/CN=audited.rl.example"))
                .replace("\n", "\\n") + "\"}";
        String viaProxy = RawHttp.send(Lifecycle.TRUSTED_PROXY_ADDRESS, RestAssured.port, "POST", "/api/v1/certificates",
                csr, "Authorization: Bearer " + credential("issuer", List.of("*.rl.example")),
                "Content-Type: application/json", "X-Forwarded-For: 203.0.113.9, 198.51.100.61").body();
        String forged = RawHttp.send("127.0.0.61", RestAssured.port, "POST", "/api/v1/certificates",
                csr, "Authorization: Bearer " + credential("issuer", List.of("*.rl.example")),
                "Content-Type: application/json", "X-Forwarded-For: 198.51.100.62").body();
        assertThat(auditedAddress(viaProxy)).as("behind a trusted proxy: the address it forwarded").isEqualTo("198.51.100.61");
        assertThat(auditedAddress(forged)).as("a client's own header is not believed").isEqualTo("127.0.0.61");
    }

    private static String auditedAddress(String issued) {
        String serial = issued.replaceAll("(?s).*\"serialNumber\"\\s*:\\s*\"([0-9a-f]+)\".*", "$1");
        List<String> addresses = Database.strings(Database.TEST_DB, "SELECT remote_address FROM audit_events"
                + " WHERE action = 'certificate.issued' AND target = '" + serial + "'");
        assertThat(addresses).as("the audit row of %s", serial).hasSize(1);
        return addresses.get(0);
    }

    @Test
    void aDeviceRenewingWithItsCertificateGetsItsBurstThen429() {
        String proxy = Lifecycle.TRUSTED_PROXY_ADDRESS;
        String name = "holder-" + UUID.randomUUID() + ".rl.example";
        String pem = issuedPem(name);
        // each request presents the newest certificate of the line, as a device would
        for (int i = 0; i < PER_CERTIFICATE; i++) {
            RawHttp.Response renewed = holderRenewal(proxy, pem, "198.51.100.71");
            assertThat(renewed.status()).as("renewal %d: %s", i, renewed.body()).isNotEqualTo(429);
            if (renewed.status() == 201) {
                pem = chainLeaf(renewed.body());
            }
        }
        long certificates = Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates WHERE common_name = ?", name);
        RawHttp.Response limited = holderRenewal(proxy, pem, "198.51.100.71");
        assertRateLimited(limited, "this certificate");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        // the same certificate from another address is the same bucket; nothing was issued for the refusals
        assertRateLimited(holderRenewal(proxy, pem, "198.51.100.72"), "this certificate");
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates WHERE common_name = ?", name))
                .isEqualTo(certificates);
    }

    @Test
    void oneAddressGetsItsBurstWhateverCertificatesItPresents() {
        String proxy = Lifecycle.TRUSTED_PROXY_ADDRESS;
        for (int i = 0; i < PER_ADDRESS; i++) {
            String pem = issuedPem("holder-" + UUID.randomUUID() + ".rl.example");
            assertThat(holderRenewal(proxy, pem, "198.51.100.73").status()).as("renewal %d", i).isNotEqualTo(429);
        }
        String fresh = issuedPem("holder-" + UUID.randomUUID() + ".rl.example");
        assertRateLimited(holderRenewal(proxy, fresh, "198.51.100.73"), "your address");
        assertThat(holderRenewal(proxy, fresh, "198.51.100.74").status()).as("another client").isNotEqualTo(429);
    }

    /** A fresh certificate for {@code name}, issued in-process so that issuing it costs no request. */
    private String issuedPem(String name) {
        byte[] csr = openssl.readBytes(openssl.newCsr("holder", "ec:P-256", "/CN=" + name));
        return Pem.certificate(authority.issue(authority.parse(csr), Duration.ofDays(1), Actor.BOOTSTRAP_ADMIN, Enrolment.byCredential(Actor.BOOTSTRAP_ADMIN, null)).der());
    }

    private static String chainLeaf(String json) {
        return json.replaceAll("(?s).*\"certificate\"\\s*:\\s*\"([^\"]+)\".*", "$1").replace("\\n", "\n");
    }

    /** {@code POST /api/v1/renew} as the trusted proxy forwards it for a client at {@code client}. */
    private static RawHttp.Response holderRenewal(String proxy, String pem, String client) {
        return RawHttp.send(proxy, RestAssured.port, "POST", "/api/v1/renew", "{}", "Content-Type: application/json",
                "ssl-client-cert: " + Lifecycle.escaped(pem), "X-Forwarded-For: " + client);
    }

    @Test
    void requestsWithoutCredentialsDoNotCountAgainstTheCredentialLimits() {
        for (int i = 0; i < PER_ADDRESS * 2; i++) {
            assertThat(RawHttp.send("127.0.0.51", RestAssured.port, "GET", "/api/v1/ca/certificate", null).status())
                    .isEqualTo(200);
        }
    }

    private static void assertRateLimited(RawHttp.Response response, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(429);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.body()).contains(RATE_LIMITED).contains(detail);
        assertThat(response.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    private String credential(String role, List<String> allowedNames) {
        return credentials.create(new Credentials.CredentialSpec("rate-limit-test", role, allowedNames, null, null, null,
                null, null), Actor.BOOTSTRAP_ADMIN).token();
    }

    private static String guess() {
        return UUID.randomUUID().toString().replace("-", "") + "AAAAAAAAAAA";
    }

    private static RawHttp.Response issue(String from, String token, String json) {
        return RawHttp.send(from, RestAssured.port, "POST", "/api/v1/certificates", json,
                "Authorization: Bearer " + token, "Content-Type: application/json");
    }

    private static RawHttp.Response get(String from, String token, String path, String... headers) {
        String[] all = new String[headers.length + 1];
        all[0] = "Authorization: Bearer " + token;
        System.arraycopy(headers, 0, all, 1, headers.length);
        return RawHttp.send(from, RestAssured.port, "GET", path, null, all);
    }
}
