package io.portcullis.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;

/** Assertions on RFC 9457 problem documents: right status and ACME type, and nothing internal. */
public final class Problems {

    private Problems() {
    }

    /** Asserts {@code response} is a problem document of the given status and ACME error name. */
    public static Response assertProblem(Response response, int status, String acmeName) {
        assertThat(response.statusCode()).as("status of %s", response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.<String>path("type")).isEqualTo("urn:ietf:params:acme:error:" + acmeName);
        assertThat(response.<Integer>path("status")).isEqualTo(status);
        assertThat(response.<String>path("title")).isNotBlank();
        assertThat(response.<String>path("detail")).isNotBlank();
        assertNoInternals(response.asString());
        return response;
    }

    /** Stack frames, exception and Java class names are internals a client must never see. */
    public static void assertNoInternals(String body) {
        assertThat(body).doesNotContain("\tat ", "Exception", "io.portcullis", "io.quarkus", "java.", "jakarta.",
                "org.bouncycastle", "org.hibernate", "org.jboss", "org.postgresql", "com.fasterxml");
    }
}
