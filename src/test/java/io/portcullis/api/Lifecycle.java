package io.portcullis.api;

import static io.restassured.RestAssured.given;

import io.portcullis.support.Openssl;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Test helpers shared by the lifecycle tests: issuing through the API, and a proxy that forwards client certificates. */
final class Lifecycle {

    static final String ADMIN = "Bearer test-admin-token";
    /** The address the tests' trusted proxy connects from (%test.portcullis.trusted-proxies). */
    static final String TRUSTED_PROXY_ADDRESS = "127.0.0.2";

    /** A certificate issued through the API, with its files in the openssl directory. */
    record Issued(String serial, Path certificate, Path key) {
        String pem() {
            try {
                return Files.readString(certificate);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The HTTP status and body of a curl call. */
    record Reply(int status, String body) {
    }

    private Lifecycle() {
    }

    static Issued issue(Openssl openssl, String name, int validityDays) {
        Path csr = openssl.newCsr(name, "ec:P-256", "/CN=" + name + ".home.example/O=Home",
                "-addext", "subjectAltName=DNS:" + name + ".home.example,IP:192.0.2.7");
        var response = given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("csr", openssl.read(csr), "validityDays", validityDays))
                .post("/api/v1/certificates").then().statusCode(201).extract().response();
        Path certificate = openssl.write(name + ".crt", response.path("certificate"));
        return new Issued(response.path("serialNumber"), certificate, openssl.dir().resolve(name + ".key"));
    }

    static Path caPem(Openssl openssl) {
        return openssl.write("ca.pem", given().get("/api/v1/ca/certificate").asString());
    }

    static Path crlPem(Openssl openssl) {
        return openssl.write("crl.pem", given().get("/api/v1/crl.pem").then().statusCode(200).extract().asString());
    }

    /** The certificate header as nginx's {@code $ssl_client_escaped_cert} writes it. */
    static String escaped(String pem) {
        return URLEncoder.encode(pem, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** POSTs JSON through curl bound to {@code from}, with the forwarded certificate header. */
    static Reply postFrom(String from, String path, String certificatePem, String json) {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "--interface", from, "-X", "POST",
                "-H", "Content-Type: application/json", "--data-binary", json,
                "-w", "\n%{http_code}", "http://localhost:" + RestAssured.port + path));
        if (certificatePem != null) {
            command.add("-H");
            command.add("ssl-client-cert: " + escaped(certificatePem));
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("curl timed out");
            }
            int newline = out.lastIndexOf('\n');
            return new Reply(Integer.parseInt(out.substring(newline + 1).trim()), out.substring(0, newline));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
