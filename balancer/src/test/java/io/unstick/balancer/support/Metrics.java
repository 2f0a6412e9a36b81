package io.unstick.balancer.support;

import static io.restassured.RestAssured.given;

/** Reads one value from the balancer's Prometheus text. */
public final class Metrics {

    private Metrics() {
    }

    /**
     * The value of the sample whose line starts with {@code series} (name and labels as printed, e.g.
     * {@code unstick_refused_requests_total{reason="chunked"}}), or 0 if there is none.
     */
    public static double value(BalancerFixture fx, String series) {
        String scrape = given().get(fx.adminUrl() + "/metrics").then().statusCode(200).extract().asString();
        return scrape.lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }

    /** The sum of all 5xx responses any node is charged with. */
    public static double nodeErrors(BalancerFixture fx, String node) {
        return value(fx, "unstick_requests_total{node=\"" + node + "\",status=\"5xx\"}");
    }
}
