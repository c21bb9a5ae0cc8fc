package io.portcullis.kubernetes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableBean;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.Test;

/** Without PORTCULLIS_KUBERNETES_TARGETS (the default): nothing scheduled, no Kubernetes client ever created. */
@QuarkusTest
class KubernetesDisabledTest {

    @Test
    void noTargetsMeansNoClientNoThreadAndAnEmptyStatus() {
        var status = given().header("Authorization", "Bearer test-admin-token").get("/api/v1/kubernetes/status").then()
                .statusCode(200).extract().jsonPath();
        assertThat(status.getBoolean("enabled")).isFalse();
        assertThat(status.getList("targets")).isEmpty();
        var health = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertThat(health.getString("checks.find { it.name == 'kubernetes' }.data.state")).isEqualTo("off");

        InjectableBean<KubernetesClient> bean = Arc.container().instance(KubernetesClient.class).getBean();
        assertThat(bean).as("the extension's client bean exists").isNotNull();
        assertThat(Arc.container().getActiveContext(ApplicationScoped.class).getState().getContextualInstances())
                .as("but was never created").doesNotContainKey(bean);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("portcullis-kubernetes"));
        assertThat(given().get("/q/metrics").asString()).doesNotContain("portcullis_kubernetes_");
    }
}
