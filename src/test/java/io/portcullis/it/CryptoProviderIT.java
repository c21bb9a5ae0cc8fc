package io.portcullis.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.AppProcess;
import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PORTCULLIS_CRYPTO_PROVIDER} in the packaged service. AWS-LC's failure to load is real, not simulated in
 * code: ACCP's own {@code com.amazon.corretto.crypto.provider.tmpdir} names a regular file, so it cannot create
 * the directory it extracts its native library to, exactly as on a read-only root without a writable /tmp.
 */
class CryptoProviderIT {

    static final Duration READY = Duration.ofSeconds(90);
    static final String PASSPHRASE = "it-Passphrase-c7a3e1";

    @TempDir
    Path work;

    static AppProcess app(String database, String provider) {
        AppProcess app = AppProcess.on(database).env("PORTCULLIS_ADMIN_TOKEN", "it-admin-token-0123456789abcdef0123456789abcdef")
                .env("PORTCULLIS_CA_PASSPHRASE", PASSPHRASE);
        return provider == null ? app : app.env("PORTCULLIS_CRYPTO_PROVIDER", provider);
    }

    private AppProcess withoutWritableTmp(AppProcess app) throws Exception {
        Path notADirectory = Files.writeString(work.resolve("not-a-directory"), "");
        return app.jvmOption("-Dcom.amazon.corretto.crypto.provider.tmpdir=" + notADirectory);
    }

    @Test
    void byDefaultAwsLcSignsAndBouncycastleIsUsedWhenAsked() {
        String db = Database.fresh("cryptodefault");
        try (AppProcess app = app(db, null).start().awaitReady(READY)) {
            assertThat(provider(app)).isEqualTo("aws-lc");
            assertThat(oneLine(app.log(), "Public-key cryptography: ")).contains("aws-lc (PORTCULLIS_CRYPTO_PROVIDER=auto;");
            issueAndVerify(app);
        }
        // the same database, the same CA, the other provider
        try (AppProcess app = app(db, "bouncycastle").start().awaitReady(READY)) {
            assertThat(provider(app)).isEqualTo("bouncycastle");
            assertThat(oneLine(app.log(), "Public-key cryptography: "))
                    .endsWith("bouncycastle (PORTCULLIS_CRYPTO_PROVIDER=bouncycastle)");
            assertThat(given().baseUri(app.url()).get("/q/metrics").asString())
                    .contains("portcullis_crypto_provider{provider=\"bouncycastle\"} 1.0");
            issueAndVerify(app);
        }
    }

    @Test
    void whenAwsLcCannotLoadAutoFallsBackAndSaysWhy() throws Exception {
        String db = Database.fresh("cryptoauto");
        try (AppProcess app = withoutWritableTmp(app(db, "auto")).start().awaitReady(READY)) {
            assertThat(provider(app)).isEqualTo("bouncycastle");
            assertThat(oneLine(app.log(), "Public-key cryptography: "))
                    .contains("bouncycastle (PORTCULLIS_CRYPTO_PROVIDER=auto and AWS-LC cannot be used: its native library"
                            + " did not load (Unable to create temporary directory");
            issueAndVerify(app);
        }
    }

    @Test
    void whenAwsLcCannotLoadAwsLcRefusesToStartInOneLine() throws Exception {
        String db = Database.fresh("cryptoawslc");
        try (AppProcess app = withoutWritableTmp(app(db, "aws-lc")).start()) {
            assertThat(app.awaitExit(READY)).isNotZero();
            assertThat(app.log()).contains("PORTCULLIS_CRYPTO_PROVIDER=aws-lc, but AWS-LC cannot be used: its native library"
                    + " did not load").doesNotContain("\tat com.amazon").doesNotContain("\tat io.portcullis");
        }
        assertThat(Database.count(db, "SELECT count(*) FROM certificates")).isZero();
    }

    private static String provider(AppProcess app) {
        return given().baseUri(app.url()).get("/api/v1/ca").then().statusCode(200).extract().path("cryptoProvider");
    }

    /** The one line naming the provider: exactly one, at INFO. */
    private static String oneLine(String log, String marker) {
        var lines = log.lines().filter(l -> l.contains(marker)).toList();
        assertThat(lines).as(log).hasSize(1);
        assertThat(lines.get(0)).contains("INFO");
        return lines.get(0);
    }

    private void issueAndVerify(AppProcess app) {
        Openssl openssl = new Openssl(work);
        openssl.write("ca.crt", given().baseUri(app.url()).get("/api/v1/ca/certificate").asString());
        String csr = openssl.read(openssl.newCsr("device", "ec:P-256", "/CN=provider.example"));
        String pem = given().baseUri(app.url()).header("Authorization", "Bearer it-admin-token-0123456789abcdef0123456789abcdef")
                .contentType("application/json").body(Map.of("csr", csr)).post("/api/v1/certificates")
                .then().statusCode(201).extract().path("certificate");
        openssl.write("device.crt", pem);
        assertThat(openssl.ok("verify", "-CAfile", "ca.crt", "device.crt")).contains("device.crt: OK");
    }
}
