package io.portcullis.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps {@code openapi.yaml} (the contract) and the implemented endpoints in step: the operations
 * the running service exposes, as SmallRye OpenAPI scans them from the resources, must be exactly
 * the operations the contract documents, with the same request media types.
 */
@QuarkusTest
class OpenApiContractTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void contractListsExactlyTheImplementedOperations() throws IOException {
        Map<String, Object> contract;
        try (Reader reader = Files.newBufferedReader(Path.of("openapi.yaml"))) {
            contract = new Yaml().load(reader);
        }
        Map<String, Object> implemented = new Yaml().load(given().queryParam("format", "yaml").get("/q/openapi").asString());

        assertThat(operations(implemented)).as("the scan found the resources").contains("POST /api/v1/certificates");
        assertThat(operations(contract)).isEqualTo(operations(implemented));
        assertThat(requestTypes(contract)).isEqualTo(requestTypes(implemented));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> operations(Map<String, Object> document) {
        Set<String> result = new TreeSet<>();
        ((Map<String, Map<String, Object>>) document.get("paths")).forEach((path, item) -> item.keySet().stream()
                .filter(METHODS::contains)
                .forEach(method -> result.add(method.toUpperCase() + " " + path)));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> requestTypes(Map<String, Object> document) {
        Set<String> result = new TreeSet<>();
        ((Map<String, Map<String, Object>>) document.get("paths")).forEach((path, item) -> item.forEach((method, op) -> {
            if (METHODS.contains(method) && op instanceof Map<?, ?> operation
                    && operation.get("requestBody") instanceof Map<?, ?> body
                    && body.get("content") instanceof Map<?, ?> content) {
                content.keySet().forEach(type -> result.add(method.toUpperCase() + " " + path + " " + type));
            }
        }));
        return result;
    }
}
