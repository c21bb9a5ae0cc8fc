package io.portcullis.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The enrollment page over plain HTTP: accessible markup, strict headers, no cookies, the bundle as
 * a download, and errors in words on the page with the right status and nothing written.
 */
@QuarkusTest
class EnrollPageTest {

    static final String PASSWORD = "page password 1";

    @BeforeEach
    void reset() {
        EnrollmentApi.reset();
    }

    @Test
    void pageIsAccessibleAndLockedDown() {
        Response page = given().get("/enroll");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).isEqualTo(EnrollPage.CSP).contains("default-src 'none'")
                .contains("frame-ancestors 'none'").contains("form-action 'self'");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.headers().hasHeaderWithName("Set-Cookie")).isFalse();
        assertThat(page.headers().getValues("Content-Security-Policy")).hasSize(1);
        assertThat(page.headers().getValues("X-Content-Type-Options")).hasSize(1);
        assertThat(page.headers().getValues("Referrer-Policy")).hasSize(1);
        String html = page.asString();
        assertThat(html).contains("<html lang=\"en\">", "<form method=\"post\" action=\"/enroll\"",
                "<label for=\"token\">", "<label for=\"password\">", "<label for=\"confirm\">", "<legend>Kind of device</legend>",
                "aria-describedby=\"token-hint\"", "aria-describedby=\"password-hint\"", "href=\"/api/v1/ca/certificate\"",
                "Firefox", "Chrome or Chromium", "macOS", "iPhone and iPad", "Android", "Windows")
                .doesNotContain("<script", "aria-invalid", "role=\"alert\"");
        for (EnrollPage.DeviceKind kind : EnrollPage.KINDS) {
            assertThat(html).contains("<label for=\"device-" + kind.key() + "\">" + kind.label().replace("'", "&#39;"));
        }
        given().get("/enroll.css").then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/css"));
        given().get("/api/v1/directory").then().statusCode(200)
                .body("enrollPage", org.hamcrest.Matchers.endsWith("/enroll"))
                .body("pkcs12", org.hamcrest.Matchers.endsWith("/api/v1/pkcs12"));
    }

    @Test
    void formDownloadsABundleInTheDevicesFormat() throws Exception {
        String token = EnrollmentApi.token("laptop.home.example").path("token");

        Response response = post(Map.of("token", token, "password", PASSWORD, "confirm", PASSWORD, "device", "windows"));

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/x-pkcs12");
        assertThat(response.header("Content-Disposition")).isEqualTo("attachment; filename=\"laptop.home.example.p12\"");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.headers().hasHeaderWithName("Set-Cookie")).isFalse();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(response.asByteArray()), PASSWORD.toCharArray());
        X509Certificate leaf = (X509Certificate) store.getCertificate("laptop.home.example");
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=laptop.home.example");
        // Windows gets the legacy format: 3DES-protected bags (OID 1.2.840.113549.1.12.1.3)
        assertThat(hex(response.asByteArray())).contains("06 0a 2a 86 48 86 f7 0d 01 0c 01 03".replace(" ", ""));
        assertThat(EnrollmentApi.count("SELECT count(*) FROM certificates")).isEqualTo(1);
    }

    @Test
    void errorsAreShownInWordsNextToTheirField() {
        String token = EnrollmentApi.token("tablet.home.example").path("token");

        Response wrongToken = post(Map.of("token", "pce_" + "A".repeat(43), "password", PASSWORD, "confirm", PASSWORD,
                "device", "android"));
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(wrongToken.header("Content-Security-Policy")).isEqualTo(EnrollPage.CSP);
        assertThat(wrongToken.asString()).contains("role=\"alert\"", "This enrollment token is not valid",
                "id=\"token-error\"", "aria-describedby=\"token-hint token-error\" aria-invalid=\"true\"",
                "value=\"android\" checked").doesNotContain("pce_AAAA");

        Response weak = post(Map.of("token", token, "password", "short", "confirm", "short", "device", "ios"));
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.asString()).contains("at least 8 characters", "id=\"password-error\"",
                "aria-describedby=\"password-hint password-error\" aria-invalid=\"true\"").doesNotContain(token);

        Response differ = post(Map.of("token", token, "password", PASSWORD, "confirm", PASSWORD + "x", "device", "ios"));
        assertThat(differ.statusCode()).isEqualTo(400);
        assertThat(differ.asString()).contains("The two passwords differ");

        Response noDevice = post(Map.of("token", token, "password", PASSWORD, "confirm", PASSWORD,
                "device", "<script>alert(1)</script>"));
        assertThat(noDevice.statusCode()).isEqualTo(400);
        assertThat(noDevice.asString()).contains("Choose the kind of device", "id=\"device-error\"").doesNotContain("<script");

        String manual = EnrollmentApi.token("fridge.home.example", "approval", "manual").path("token");
        Response needsApproval = post(Map.of("token", manual, "password", PASSWORD, "confirm", PASSWORD, "device", "firefox"));
        assertThat(needsApproval.statusCode()).isEqualTo(403);
        assertThat(needsApproval.asString()).contains("needs an administrator&#39;s approval");

        assertThat(EnrollmentApi.count("SELECT count(*) FROM certificates")).isZero();
        assertThat(EnrollmentApi.count("SELECT count(*) FROM orders")).isZero();
        assertThat(EnrollmentApi.count("SELECT count(*) FROM enrollment_tokens WHERE uses_left = uses")).isEqualTo(2);
    }

    private static Response post(Map<String, String> form) {
        return given().contentType("application/x-www-form-urlencoded").formParams(new HashMap<>(form)).post("/enroll");
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }
}
