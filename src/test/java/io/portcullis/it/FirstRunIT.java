package io.portcullis.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.AppProcess;
import io.portcullis.support.Database;
import io.portcullis.support.DevModeProcess;
import io.portcullis.support.Ports;
import io.portcullis.support.Docs;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newcomer's first run: a fresh clone of this repository, the README's run command exactly as written,
 * the README's ten-line tour and the API guide's openssl walk-through with the real openssl, curl and jq. Both of the dev path's set-ups are
 * exercised: a PostgreSQL that lacks the database, and no PostgreSQL at all. The prod profile does neither.
 */
class FirstRunIT {

    /** Maven resolves, compiles and starts dev mode in the clone: minutes on a loaded two-core machine. */
    static final Duration FIRST_START = Duration.ofMinutes(10);
    static final Path README = Path.of("README.md");
    static final Path API_GUIDE = Path.of("src/docs/api.md");

    @TempDir
    Path work;

    @Test
    void theReadmeRunCommandSetsItselfUpAndTheWalkthroughIssuesAVerifiedCertificate() throws Exception {
        Path clone = freshClone();
        String run = Docs.shellBlock(README, "## Quick start", 0).strip();
        String database = Database.TEST_DB + "_firstrun";
        Database.execute("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        try {
            int port = Ports.free();
            try (DevModeProcess dev = DevModeProcess.start(clone, run, port, Map.of(
                    "QUARKUS_HTTP_PORT", Integer.toString(port),
                    "QUARKUS_DATASOURCE_JDBC_URL", Database.jdbcUrl(database))).awaitReady(FIRST_START)) {
                assertThat(dev.log())
                        .contains("Dev database: created database " + database)
                        .contains("is ready on http://localhost:" + port)
                        .contains("admin token 'dev-admin-token'")
                        .contains("CA passphrase '");
                assertThat(Database.count("postgres", "SELECT count(*) FROM pg_database WHERE datname = ?", database))
                        .isOne();

                String tour = Docs.shellBlock(README, "## A tour in ten lines", 0).replace("http://localhost:8080", dev.url());
                Path touring = Files.createDirectory(work.resolve("tour"));
                // the order waits (409) until approved; then nginx's own check, with the CRL, admits the device
                assertThat(bash(touring, tour)).contains("409").contains("device.crt: OK");
                assertThat(Files.readString(touring.resolve("nginx.conf"))).contains("ssl_verify_client", "ssl_crl");

                String walkthrough = Docs.shellBlock(API_GUIDE, "## From the openssl recipe to Portcullis", 0)
                        .replace("http://localhost:8080", dev.url());
                Path device = Files.createDirectory(work.resolve("device"));
                String output = bash(device, walkthrough);
                assertThat(output).contains("user.crt: OK").contains("TLS Web Client Authentication");
                assertThat(bash(device, "openssl verify -CAfile ca.crt -purpose sslclient user.crt")).contains("user.crt: OK");
            }
        } finally {
            Database.execute("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void withNoPostgresqlTheRunCommandStartsAnEmbeddedOneWhoseDataOutlivesARestart() throws Exception {
        Path clone = freshClone();
        String run = Docs.shellBlock(README, "## Quick start", 0).strip();
        int pgPort = Ports.free();
        Map<String, String> env = Map.of("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + pgPort + "/portcullis");
        String fingerprint;
        int port = Ports.free();
        try (DevModeProcess dev = start(clone, run, port, env).awaitReady(FIRST_START)) {
            assertThat(dev.log()).contains("Dev database: no PostgreSQL answered on 127.0.0.1:" + pgPort)
                    .contains("Dev database: created database portcullis");
            assertThat(Files.isDirectory(clone.resolve(".portcullis/postgres"))).isTrue();
            fingerprint = caFingerprint(dev);
        }
        awaitClosed(pgPort);

        port = Ports.free();
        try (DevModeProcess dev = start(clone, run, port, env).awaitReady(FIRST_START)) {
            assertThat(caFingerprint(dev)).isEqualTo(fingerprint);
            assertThat(dev.log()).doesNotContain("Dev database: created database");
        }
        awaitClosed(pgPort);
    }

    @Test
    void theProductionProfileNeitherCreatesItsDatabaseNorStartsOne() {
        String missing = Database.TEST_DB + "_prod_missing";
        Database.execute("postgres", "DROP DATABASE IF EXISTS " + missing + " WITH (FORCE)");
        try (AppProcess app = AppProcess.on(missing).env("PORTCULLIS_CA_PASSPHRASE", "it-Passphrase-first-run").start()) {
            assertThat(app.awaitExit(Duration.ofSeconds(90))).isNotZero();
            assertThat(app.log()).doesNotContain("Dev database");
        }
        assertThat(Database.count("postgres", "SELECT count(*) FROM pg_database WHERE datname = ?", missing)).isZero();

        int pgPort = Ports.free();
        try (AppProcess app = AppProcess.on(missing).env("PORTCULLIS_CA_PASSPHRASE", "it-Passphrase-first-run")
                .env("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + pgPort + "/portcullis").start()) {
            assertThat(app.awaitExit(Duration.ofSeconds(90))).isNotZero();
            assertThat(app.log()).doesNotContain("Dev database");
            assertThat(listening(pgPort)).isFalse();
        }
        assertThat(Files.exists(AppProcess.APP.resolve(".portcullis"))).isFalse();
    }

    private static DevModeProcess start(Path clone, String run, int port, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        return DevModeProcess.start(clone, run, port, all);
    }

    private static String caFingerprint(DevModeProcess dev) {
        return given().baseUri(dev.url()).get("/api/v1/ca").then().statusCode(200).extract().path("sha256Fingerprint");
    }

    /** A clone of the committed repository, as a newcomer gets it. */
    private Path freshClone() throws Exception {
        Path clone = work.resolve("portcullis");
        String top = bash(Path.of("."), "git rev-parse --show-toplevel").strip();
        bash(work, "git clone --quiet --no-local '" + top + "' '" + clone + "'");
        return clone;
    }

    /** Runs a script with bash (errexit, pipefail) and returns its output; fails with it on a non-zero exit. */
    private static String bash(Path directory, String script) throws Exception {
        Process process = new ProcessBuilder(List.of("bash", "-euo", "pipefail", "-c", script))
                .directory(directory.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("exit of:\n%s\noutput:\n%s", script, output).isZero();
        return output;
    }

    /** The embedded PostgreSQL stops with the application: its port closes (bounded wait). */
    private static void awaitClosed(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (listening(port) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(listening(port)).as("port %d still answers after the application stopped", port).isFalse();
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
