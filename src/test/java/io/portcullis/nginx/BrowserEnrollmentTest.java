package io.portcullis.nginx;

import static io.portcullis.nginx.NginxTestProfile.DIR;
import static io.portcullis.nginx.NginxTestProfile.HTTPS_PORT;
import static io.portcullis.nginx.NginxTestProfile.SERVER_CERT;
import static io.portcullis.nginx.NginxTestProfile.UPSTREAM;
import static io.portcullis.nginx.NginxTestProfile.url;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.ca.trust.CrlPublisher;
import io.portcullis.support.Chromium;
import io.portcullis.support.Curl;
import io.portcullis.support.Database;
import io.portcullis.support.NginxProcess;
import io.portcullis.support.Openssl;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser end to end: Chromium with the bundle in its NSS database and a managed policy that
 * picks it for the nginx origin reaches the upstream through the nginx Portcullis renders; without
 * the bundle, or once its certificate is revoked (nginx has reloaded the CRL), it gets 403. Then a
 * person's path: the {@code /enroll} page filled in that browser, the download imported, the site
 * reached; a wrong token is answered on the page.
 */
@QuarkusTest
@TestProfile(NginxTestProfile.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS) // each browser run has its own, shorter bound
class BrowserEnrollmentTest {

    static final String ADMIN = "Bearer test-admin-token";
    static final String PASSWORD = "browser bundle pw";
    static final String ORIGIN = "https://127.0.0.1:" + HTTPS_PORT;

    @Inject
    CrlPublisher publisher;

    @TestHTTPResource("/enroll")
    URL enrollPage;

    NginxProcess nginx;

    @BeforeEach
    void deployAndStartNginx() {
        Chromium.requireInstalled();
        Database.execute(Database.TEST_DB, "TRUNCATE audit_events, orders, enrollment_tokens, credentials, certificates");
        nginx = FreshNginx.start(publisher, DIR);
    }

    @AfterEach
    void stopNginx() {
        nginx.close();
    }

    @Test
    void browserWithTheBundleGetsThroughWithoutItOrRevokedItGets403() throws IOException {
        Chromium enrolled = Chromium.withFreshHome();
        Chromium stranger = Chromium.withFreshHome();
        Response bundle = given().header("Authorization", bearer(token("browser.home.example")))
                .contentType("application/json").body(Map.of("password", PASSWORD)).post("/api/v1/pkcs12");
        assertThat(bundle.statusCode()).as(bundle.asString()).isEqualTo(201);
        Path p12 = Files.write(enrolled.home().resolve("browser.p12"), bundle.asByteArray());
        assertThat(enrolled.nss().importPkcs12(p12, passwordFile(enrolled))).contains("PKCS12 IMPORT SUCCESSFUL");
        String serial = bundle.header("Location").substring("/api/v1/certificates/".length());

        try (var policy = Chromium.autoSelectCertificateFor(ORIGIN)) {
            int before = UPSTREAM.requestCount();
            assertThat(enrolled.dumpDom(url("/hello"))).contains("upstream ok");
            assertThat(UPSTREAM.requestCount()).isGreaterThan(before); // the page, and Chromium's favicon request
            assertThat(UPSTREAM.last().get("x-client-cert-subject")).containsExactly("CN=browser.home.example");

            int enrolledRequests = UPSTREAM.requestCount();
            assertThat(stranger.dumpDom(url("/hello"))).contains("not enrolled").doesNotContain("upstream ok");
            assertThat(UPSTREAM.requestCount()).isEqualTo(enrolledRequests);

            given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("reason", "keyCompromise"))
                    .post("/api/v1/certificates/" + serial + "/revoke").then().statusCode(200);
            awaitNginxRefuses(p12);
            int beforeRevokedVisit = UPSTREAM.requestCount();
            assertThat(enrolled.dumpDom(url("/hello"))).contains("not enrolled").doesNotContain("upstream ok");
            assertThat(UPSTREAM.requestCount()).isEqualTo(beforeRevokedVisit);
        }
    }

    @Test
    void personEnrollsThroughThePageAndReachesTheSite() throws Exception {
        Chromium person = Chromium.withFreshHome();
        String token = token("phone.home.example");
        Path downloads = Files.createDirectories(person.home().resolve("Downloads"));

        WebDriver browser = driver(person, downloads);
        try {
            browser.get(enrollPage.toString());
            fill(browser, "pce_" + "W".repeat(43), "android");
            assertThat(awaitElement(browser, "token-error").getText()).contains("This enrollment token is not valid");
            assertThat(browser.getTitle()).startsWith("Error:");

            fill(browser, token, "chromium-linux");
            Path p12 = awaitDownload(downloads.resolve("phone.home.example.p12"));
            assertThat(person.nss().importPkcs12(p12, passwordFile(person))).contains("PKCS12 IMPORT SUCCESSFUL");
        } finally {
            browser.quit();
        }

        try (var policy = Chromium.autoSelectCertificateFor(ORIGIN)) {
            assertThat(person.dumpDom(url("/hello"))).contains("upstream ok");
            assertThat(UPSTREAM.last().get("x-client-cert-subject")).containsExactly("CN=phone.home.example");
        }
    }

    // --- helpers ---

    private static void fill(WebDriver browser, String token, String device) {
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("confirm")).sendKeys(PASSWORD);
        browser.findElement(By.id("device-" + device)).click();
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    /**
     * A click on submit returns once the click is dispatched, not when the answer has loaded; wait for
     * the element, and show the page that was there instead if it never comes.
     */
    private static WebElement awaitElement(WebDriver browser, String id) {
        try {
            return new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
        } catch (TimeoutException e) {
            throw new AssertionError("no #" + id + " on " + browser.getCurrentUrl() + ":\n" + browser.getPageSource(), e);
        }
    }

    /** chromedriver and Chromium from Debian; Selenium Manager never runs because both paths are given. */
    private static WebDriver driver(Chromium user, Path downloads) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Chromium.BINARY.toFile());
        try {
            options.addArguments(Chromium.flags(Files.createTempDirectory("portcullis-chromium-profile")));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toString());
        prefs.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Chromium.DRIVER.toFile())
                .usingAnyFreePort()
                .withEnvironment(Map.of("HOME", user.home().toString()))
                .withTimeout(Duration.ofSeconds(30))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        return driver;
    }

    private static Path awaitDownload(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(file) && !Files.exists(file.resolveSibling(file.getFileName() + ".crdownload"))) {
                return file;
            }
            Thread.sleep(100);
        }
        File[] present = file.getParent().toFile().listFiles();
        throw new AssertionError("no download " + file + "; the directory holds " + List.of(present == null ? new File[0] : present));
    }

    /** nginx reloads the CRL on the revocation event; wait until it refuses the certificate (within 5 s). */
    private static void awaitNginxRefuses(Path p12) {
        Path dir = p12.getParent();
        Openssl openssl = new Openssl(dir);
        openssl.ok("pkcs12", "-in", p12.toString(), "-passin", "file:" + dir.resolve("password"), "-nodes",
                "-out", "client.pem");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int status = 200;
        while (status != 403 && System.nanoTime() < deadline) {
            status = Curl.withCert(url("/hello"), SERVER_CERT, dir.resolve("client.pem"), dir.resolve("client.pem")).status();
        }
        assertThat(status).as("nginx refuses the revoked certificate").isEqualTo(403);
    }

    private static Path passwordFile(Chromium user) throws IOException {
        return Files.writeString(user.home().resolve("password"), PASSWORD);
    }

    private static String token(String commonName) {
        return given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("commonName", commonName)).post("/api/v1/enrollment-tokens")
                .then().statusCode(201).extract().path("token");
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }
}
