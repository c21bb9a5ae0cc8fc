package io.portcullis.kubernetes;

import io.quarkus.test.kubernetes.client.KubernetesServer;

/**
 * The discovery documents kubectl asks for before any {@code get}; the CRUD mock server keeps
 * objects but serves none of them, so they are served as fixed answers (core/v1 only).
 */
final class Discovery {

    private static final String API = """
            {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1"}]}""";
    private static final String APIS = """
            {"kind":"APIGroupList","apiVersion":"v1","groups":[]}""";
    private static final String CORE_V1 = """
            {"kind":"APIResourceList","groupVersion":"v1","resources":[
             {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret","verbs":["create","get","list","patch","update"]},
             {"name":"configmaps","singularName":"configmap","namespaced":true,"kind":"ConfigMap","verbs":["create","get","list","patch","update"]}]}""";

    private Discovery() {
    }

    static void serve(KubernetesServer server) {
        for (String query : new String[] {"", "?timeout=20s"}) {
            server.expect().get().withPath("/api" + query).andReturn(200, API).always();
            server.expect().get().withPath("/apis" + query).andReturn(200, APIS).always();
            server.expect().get().withPath("/api/v1" + query).andReturn(200, CORE_V1).always();
        }
    }
}
