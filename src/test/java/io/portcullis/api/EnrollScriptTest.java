package io.portcullis.api;

import static io.portcullis.api.EnrollmentApi.ADMIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.support.EnrollmentProfile;
import io.portcullis.support.Openssl;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code deploy/scripts/enroll.sh} for real, with /bin/sh, openssl and curl, against the
 * running service, and checks what it wrote with {@code openssl verify}.
 */
@QuarkusTest
@TestProfile(EnrollmentProfile.class)
class EnrollScriptTest {

    static final Path SCRIPT = Path.of("deploy/scripts/enroll.sh");

    @TestHTTPResource("/")
    URL base;

    final Openssl openssl = Openssl.inTempDir();

    @BeforeEach
    void clean() {
        EnrollmentApi.reset();
    }

    Process start(String token, String name, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString(), "--url", base.toString(), "--token",
                token, "--name", name, "--out", openssl.dir().resolve("out").toString()));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(openssl.dir().resolve("script.log").toFile()).start();
    }

    String finish(Process script, int expectedExit) throws Exception {
        assertThat(script.waitFor(90, TimeUnit.SECONDS)).as("the script finishes").isTrue();
        String output = Files.readString(openssl.dir().resolve("script.log"), StandardCharsets.UTF_8);
        assertThat(script.exitValue()).as(output).isEqualTo(expectedExit);
        return output;
    }

    void assertEnrolled(String commonName) throws IOException {
        Path out = openssl.dir().resolve("out");
        assertThat(openssl.ok("verify", "-CAfile", "out/ca.crt", "out/device.crt")).contains("out/device.crt: OK");
        assertThat(openssl.ok("x509", "-in", "out/device.crt", "-noout", "-subject")).contains("CN = " + commonName);
        assertThat(Files.getPosixFilePermissions(out.resolve("device.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.exists(out.resolve("order.url"))).isFalse();
        assertThat(given().get("/api/v1/ca/certificate").asString()).isEqualTo(Files.readString(out.resolve("ca.crt")));
    }

    @Test
    void autoApprovalEnrollsInOneRun() throws Exception {
        String token = EnrollmentApi.token("sensor1.home.example").path("token");
        String output = finish(start(token, "sensor1.home.example"), 0);
        assertThat(output).contains("enrolled as CN=sensor1.home.example").doesNotContain(token);
        assertEnrolled("sensor1.home.example");
        assertThat(openssl.ok("x509", "-in", "out/device.crt", "-noout", "-text")).contains("id-ecPublicKey");
    }

    @Test
    void manualApprovalWaitsUntilAnAdministratorApproves() throws Exception {
        String token = EnrollmentApi.token("sensor2.home.example", "approval", "manual").path("token");
        Process script = start(token, "sensor2.home.example", "--key-type", "rsa");

        String id = null;
        for (int i = 0; i < 120 && id == null; i++) {
            List<String> pending = given().header("Authorization", ADMIN).get("/api/v1/orders?status=pending")
                    .then().statusCode(200).extract().path("items.id");
            id = pending.isEmpty() ? null : pending.get(0);
            if (id == null) {
                Thread.sleep(250);
            }
        }
        assertThat(id).as("the script's order is pending").isNotNull();
        Thread.sleep(1500); // let the script poll at least once while pending
        assertThat(script.isAlive()).isTrue();
        given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/api/v1/orders/" + id + "/approve").then().statusCode(200);

        String output = finish(script, 0);
        assertThat(output).contains("waiting for an administrator").contains("enrolled as CN=sensor2.home.example");
        assertEnrolled("sensor2.home.example");
        assertThat(openssl.ok("x509", "-in", "out/device.crt", "-noout", "-text")).contains("rsaEncryption");
    }

    @Test
    void refusalsAreReportedAndFail() throws Exception {
        String token = EnrollmentApi.token("sensor3.home.example").path("token");
        String output = finish(start(token, "intruder.home.example"), 1);
        assertThat(output).contains("HTTP 403").contains("common name");
        assertThat(Files.exists(openssl.dir().resolve("out/device.crt"))).isFalse();

        String manual = EnrollmentApi.token("sensor4.home.example", "approval", "manual").path("token");
        Files.delete(openssl.dir().resolve("out/device.key"));
        Process script = start(manual, "sensor4.home.example");
        String id = null;
        for (int i = 0; i < 120 && id == null; i++) {
            List<String> pending = given().header("Authorization", ADMIN).get("/api/v1/orders?status=pending")
                    .then().extract().path("items.id");
            id = pending.isEmpty() ? null : pending.get(0);
            Thread.sleep(id == null ? 250 : 0);
        }
        assertThat(id).isNotNull();
        given().header("Authorization", ADMIN).contentType("application/json").body("{\"reason\": \"not ours\"}")
                .post("/api/v1/orders/" + id + "/reject").then().statusCode(200);
        assertThat(finish(script, 1)).contains("refused").contains("not ours");
        assertThat(Set.of(openssl.dir().resolve("out").toFile().list())).doesNotContain("device.crt");
    }

    @Test
    void readmeThreeLineWalkthroughWorks() throws Exception {
        String readme = Files.readString(Path.of("src/docs/api.md"));
        int start = readme.indexOf("```sh\n", readme.indexOf("### A device in three lines")) + "```sh\n".length();
        String lines = readme.substring(start, readme.indexOf("```", start));
        assertThat(lines.strip().split("\n")).hasSize(3);
        String token = EnrollmentApi.token("door.home.example").path("token");

        ProcessBuilder builder = new ProcessBuilder("sh", "-ec", lines).directory(openssl.dir().toFile())
                .redirectErrorStream(true).redirectOutput(openssl.dir().resolve("script.log").toFile());
        builder.environment().put("CA", base.toString().replaceAll("/+$", ""));
        builder.environment().put("TOKEN", token);
        finish(builder.start(), 0);

        openssl.write("ca.crt", given().get("/api/v1/ca/certificate").asString());
        assertThat(openssl.ok("verify", "-CAfile", "ca.crt", "device.crt")).contains("device.crt: OK");
    }
}
