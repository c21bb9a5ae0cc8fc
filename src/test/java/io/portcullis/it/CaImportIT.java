package io.portcullis.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.AppProcess;
import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Migrating from the openssl recipe: a CA made with {@code openssl req -new -x509} from keys in the
 * forms openssl writes is imported on first start; what it signed before keeps verifying.
 */
class CaImportIT {

    static final Duration READY = Duration.ofSeconds(90);
    static final String ADMIN_TOKEN = "it-admin-token-0123456789abcdef0123456789abcdef";
    static final String KEY_PASS = "recipe-Key-Pass-31";

    /** Writes {@code ca.key} in one of openssl's forms; returns the -passin arguments it needs. */
    record KeyForm(String name, Consumer<Openssl> make, boolean encrypted, String marker) {
        @Override
        public String toString() {
            return name;
        }

        List<String> passin() {
            return encrypted ? List.of("-passin", "pass:" + KEY_PASS) : List.of();
        }
    }

    static Stream<Arguments> keyForms() {
        return Stream.of(
                new KeyForm("OpenSSL 3 genrsa -des3 (encrypted PKCS#8)",
                        o -> o.des3RsaKey("ca", 2048, KEY_PASS), true, "BEGIN ENCRYPTED PRIVATE KEY"),
                new KeyForm("traditional Proc-Type 4,ENCRYPTED DES-EDE3-CBC",
                        o -> o.des3RsaKey("ca", 2048, KEY_PASS, "-traditional"), true, "DEK-Info: DES-EDE3-CBC"),
                new KeyForm("EC P-256 from ecparam -genkey (SEC1 with EC PARAMETERS)",
                        o -> o.ok("ecparam", "-genkey", "-name", "prime256v1", "-out", "ca.key"), false, "BEGIN EC PARAMETERS"),
                new KeyForm("EC P-384 traditional AES-256 encrypted", o -> {
                    o.ok("ecparam", "-genkey", "-name", "secp384r1", "-noout", "-out", "plain.key");
                    o.ok("ec", "-in", "plain.key", "-aes256", "-passout", "pass:" + KEY_PASS, "-out", "ca.key");
                }, true, "Proc-Type: 4,ENCRYPTED"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyForms")
    void importsAnOpensslCaAndEverythingItSignedKeepsVerifying(KeyForm form) {
        Openssl openssl = Openssl.inTempDir();
        form.make().accept(openssl);
        assertThat(openssl.read(openssl.dir().resolve("ca.key"))).contains(form.marker());
        recipeCa(openssl, form.passin());
        // a device certificate made the old way, before Portcullis existed
        openssl.newCsr("old", "rsa:2048", "/CN=old-device.home.example");
        opensslSign(openssl, form.passin(), "old.csr", "old.crt");

        String db = Database.fresh("import");
        try (AppProcess app = importing(db, openssl, form.encrypted() ? KEY_PASS : null).start().awaitReady(READY)) {
            openssl.write("served.pem", given().baseUri(app.url()).get("/api/v1/ca/certificate").then().statusCode(200)
                    .extract().asString());
            assertThat(fingerprint(openssl, "served.pem")).isEqualTo(fingerprint(openssl, "ca.crt"));
            assertThat(openssl.ok("verify", "-CAfile", "served.pem", "old.crt")).contains("old.crt: OK");

            Path csr = openssl.newCsr("new", "ec:P-256", "/CN=new-device.home.example");
            Response issued = given().baseUri(app.url()).header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .contentType("application/json").body(Map.of("csr", openssl.read(csr)))
                    .post("/api/v1/certificates").then().statusCode(201).extract().response();
            openssl.write("new.crt", issued.<String>path("certificate"));
            assertThat(openssl.ok("verify", "-purpose", "sslclient", "-CAfile", "served.pem", "new.crt"))
                    .contains("new.crt: OK");
            assertThat(openssl.ok("verify", "-CAfile", "ca.crt", "new.crt")).contains("new.crt: OK");
            // the recipe CA lives 30 days: the 365-day default is capped at the CA's own notAfter
            assertThat(enddate(openssl, "new.crt")).isEqualTo(enddate(openssl, "ca.crt"));
            assertThat(app.log()).doesNotContain(KEY_PASS).contains("Imported CA").doesNotContain("Created CA");
        }
        assertThat(Database.count(db, "SELECT count(*) FROM ca_certificates")).isEqualTo(1);
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateIsRefused() {
        Openssl openssl = Openssl.inTempDir();
        openssl.key("ca", "ec:P-256");
        recipeCa(openssl, List.of());
        openssl.key("ca", "ec:P-256"); // replaces ca.key with another key
        assertRefused(openssl, null, "PORTCULLIS_CA_IMPORT_KEY does not belong to the certificate");
    }

    @Test
    void aCertificateThatIsNoCaIsRefused() {
        Openssl openssl = Openssl.inTempDir();
        openssl.key("ca", "ec:P-256");
        openssl.ok("req", "-new", "-x509", "-key", "ca.key", "-subj", "/CN=Not A CA", "-days", "30",
                "-addext", "basicConstraints=critical,CA:FALSE", "-out", "ca.crt");
        assertRefused(openssl, null, "PORTCULLIS_CA_IMPORT_CERT is not a CA certificate");
    }

    @Test
    void aWrongKeyPassphraseIsRefused() {
        Openssl openssl = Openssl.inTempDir();
        openssl.des3RsaKey("ca", 2048, KEY_PASS);
        recipeCa(openssl, List.of("-passin", "pass:" + KEY_PASS));
        assertRefused(openssl, "not-the-Key-Pass", "PORTCULLIS_CA_IMPORT_KEY cannot be read");
    }

    private static void assertRefused(Openssl openssl, String keyPassphrase, String explanation) {
        String db = Database.fresh("badimport");
        try (AppProcess app = importing(db, openssl, keyPassphrase).start()) {
            assertThat(app.awaitExit(READY)).isNotZero();
            CaBootstrapIT.assertOneErrorLine(app.log(), explanation);
            if (keyPassphrase != null) {
                assertThat(app.log()).doesNotContain(keyPassphrase);
            }
        }
        assertThat(Database.count(db, "SELECT count(*) FROM ca_certificates")).isZero();
    }

    private static AppProcess importing(String db, Openssl openssl, String keyPassphrase) {
        AppProcess app = AppProcess.on(db)
                .env("PORTCULLIS_CA_PASSPHRASE", "it-ca-Passphrase-2")
                .env("PORTCULLIS_ADMIN_TOKEN", ADMIN_TOKEN)
                .env("PORTCULLIS_CA_IMPORT_CERT", openssl.dir().resolve("ca.crt").toString())
                .env("PORTCULLIS_CA_IMPORT_KEY", openssl.dir().resolve("ca.key").toString());
        return keyPassphrase == null ? app : app.env("PORTCULLIS_CA_IMPORT_KEY_PASSPHRASE", keyPassphrase);
    }

    /** The recipe's {@code openssl req -new -x509 -key ca.key -out ca.crt}. */
    private static void recipeCa(Openssl openssl, List<String> passin) {
        List<String> args = new ArrayList<>(List.of("req", "-new", "-x509", "-key", "ca.key", "-subj", "/O=Home/CN=Recipe CA",
                "-days", "30", "-out", "ca.crt"));
        args.addAll(passin);
        openssl.ok(args.toArray(String[]::new));
    }

    /** The recipe's {@code openssl x509 -req -in user.csr -CA ca.crt -CAkey ca.key -set_serial 01}. */
    private static void opensslSign(Openssl openssl, List<String> passin, String csr, String out) {
        List<String> args = new ArrayList<>(List.of("x509", "-req", "-in", csr, "-CA", "ca.crt", "-CAkey", "ca.key",
                "-set_serial", "01", "-days", "20", "-out", out));
        args.addAll(passin);
        openssl.ok(args.toArray(String[]::new));
    }

    private static String fingerprint(Openssl openssl, String file) {
        return openssl.ok("x509", "-in", file, "-noout", "-fingerprint", "-sha256").trim();
    }

    private static String enddate(Openssl openssl, String file) {
        return openssl.ok("x509", "-in", file, "-noout", "-enddate").trim();
    }
}
