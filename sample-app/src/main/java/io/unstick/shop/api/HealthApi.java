package io.unstick.shop.api;

/** {@code GET /health}: {@code {"status":"UP","node":"node1"}}, what the balancer's health checks ask. */
final class HealthApi extends ApiServlet {

    private static final long serialVersionUID = 1L;

    record Health(String status, String node) {
    }

    HealthApi(JsonIo json, String nodeName) {
        super(json);
        Health up = new Health("UP", nodeName);
        on("GET", request -> up);
        on("HEAD", request -> NO_CONTENT);
    }
}
