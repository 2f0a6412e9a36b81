package io.unstick.balancer.it;

import io.unstick.balancer.support.BalancerFixture;
import io.unstick.balancer.support.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /metrics: Prometheus text with everything the README lists, including session resets. */
class MetricsIT {

    private static BalancerFixture fx;

    @BeforeAll
    static void start() {
        fx = BalancerFixture.start(2, "UNSTICK_ROUTING", "jsessionid");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static String scrape() {
        return given().get(fx.adminUrl() + "/metrics").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/plain")).extract().asString();
    }

    @Test
    void exposesRequestsLatencyInFlightHealthAndBoundClients() {
        for (int i = 0; i < 10; i++) {
            Http.get(fx.url() + "/");
        }
        // Active checks run on their own clock (every 2 s): wait for the first one rather than race it.
        Pattern healthCheck = Pattern.compile("unstick_health_checks_total\\{node=\"node1\",result=\"ok\"}");
        Http.await("a first health check of node1", Duration.ofSeconds(15), () -> healthCheck.matcher(scrape()).find());
        String metrics = scrape();
        assertThat(metrics)
                .containsPattern("unstick_requests_total\\{node=\"node1\",status=\"2xx\"} [1-9]")
                .contains("unstick_request_duration_seconds_bucket{node=\"node1\"")
                .contains("unstick_request_duration_seconds_count{node=\"node2\"}")
                .contains("unstick_in_flight_requests{node=\"node1\"} 0")
                .contains("unstick_node_up{node=\"node2\"} 1")
                .contains("unstick_node_bound_clients{node=\"node1\"}")
                .contains("unstick_retries_total{node=\"node1\"}")
                .containsPattern("unstick_health_checks_total\\{node=\"node1\",result=\"ok\"}");
    }

    @Test
    void countsSessionResetsButNotKeptSessions() {
        String first = given().get(fx.url() + "/session").getCookie("JSESSIONID");
        String node = first.substring(first.lastIndexOf('.') + 1);
        double before = resets(node);
        // the session is known: no reset
        given().cookie("JSESSIONID", first).get(fx.url() + "/session").then().statusCode(200);
        assertThat(resets(node)).isEqualTo(before);
        // a session the node does not have (it restarted, say): the node issues a new one, a reset
        String lost = "0123456789ABCDEF." + node;
        String issued = given().cookie("JSESSIONID", lost).get(fx.url() + "/session").getCookie("JSESSIONID");
        assertThat(issued).isNotEqualTo(lost);
        assertThat(resets(node)).isEqualTo(before + 1);
    }

    @Test
    void aTakeoverThatOnlyRewritesTheRouteIsNotAReset() {
        double before = resets("node1") + resets("node2");
        var response = given().cookie("JSESSIONID", "FEDCBA9876543210.gone").get(fx.url() + "/takeover");
        String node = response.header("X-Unstick-Node");
        assertThat(response.getCookie("JSESSIONID")).isEqualTo("FEDCBA9876543210." + node);
        assertThat(resets("node1") + resets("node2")).isEqualTo(before);
        assertThat(scrape()).contains("unstick_redispatches_total{from=\"unknown\"}");
    }

    private static double resets(String node) {
        return scrape().lines().filter(l -> l.startsWith("unstick_session_resets_total{node=\"" + node + "\"}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }
}
