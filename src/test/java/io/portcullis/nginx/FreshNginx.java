package io.portcullis.nginx;

import static io.restassured.RestAssured.given;

import io.portcullis.ca.trust.CrlPublisher;
import io.portcullis.support.NginxProcess;
import java.nio.file.Path;

/** Starts the test nginx on a configuration the service has just deployed from a CRL of real time. */
final class FreshNginx {

    private FreshNginx() {
    }

    static NginxProcess start(CrlPublisher publisher, Path dir) {
        // Other test classes share the database and may have published a CRL under a moved clock,
        // which nginx would call "not yet valid"; start from a CRL of real time.
        publisher.publish("test");
        given().header("Authorization", "Bearer test-admin-token").post("/api/v1/nginx/reload").then().statusCode(200);
        return NginxProcess.start(dir);
    }
}
