package io.unstick.balancer.it;

import io.restassured.response.Response;
import io.unstick.balancer.support.BalancerFixture;
import io.unstick.balancer.support.Http;
import io.unstick.balancer.support.LogCapture;
import io.unstick.balancer.support.Metrics;
import io.unstick.balancer.support.TestBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health that tells the truth (issue 13, item 3): a node that says it is not ready stops getting traffic within one
 * probe interval and its bound clients move; one blip that reaches every node takes none out; when every node is
 * marked down anyway, requests still go to them (the last resort) instead of a 503. Real backends flip readiness.
 */
class HealthIT {

    private static LogCapture log;

    @BeforeAll
    static void captureLog() {
        log = LogCapture.start();
    }

    @AfterAll
    static void noStackTraces() {
        assertThat(log.stackTraces()).isEmpty();
        log.close();
    }

    /** The node's state from the admin API, with the plain client: fast enough to poll against a deadline. */
    private static String state(BalancerFixture fx, String node) {
        String body = Http.get(fx.adminUrl() + "/admin/nodes/" + node).body();
        int at = body.indexOf("\"state\":\"") + 9;
        return body.substring(at, body.indexOf('"', at));
    }

    @Test
    void aNodeThatIsNotReadyStopsGettingTrafficWithinOneIntervalAndItsClientsMove() {
        // fall 5 at 2 s: counting failures would take 8 s or more; a 503 from readiness must take the node out at the
        // next probe, so within one interval (plus the probe's own time and some slack for a busy machine)
        try (BalancerFixture fx = BalancerFixture.start(3, "UNSTICK_ROUTING", "cookie", "UNSTICK_HEALTH_INTERVAL", "2s",
                "UNSTICK_HEALTH_FALL", "5", "UNSTICK_HEALTH_RISE", "2")) {
            Response first = given().get(fx.url() + "/session");
            assertThat(state(fx, "node1")).isEqualTo("UP"); // the admin client is warm before the clock runs
            String home = first.header("X-Unstick-Node");
            String cookie = "UNSTICK_ROUTE=" + first.getCookie("UNSTICK_ROUTE") + "; JSESSIONID=" + first.getCookie("JSESSIONID");
            long flipped = System.nanoTime();
            fx.backend(home).ready(false);
            Http.await(home + " DOWN within one interval", Duration.ofSeconds(4), () -> "DOWN".equals(state(fx, home)));
            System.out.printf("not ready -> DOWN after %d ms (interval 2 s)%n", (System.nanoTime() - flipped) / 1_000_000);

            HttpResponse<String> moved = Http.get(fx.url() + "/session", "Cookie", cookie);
            assertThat(moved.statusCode()).isEqualTo(200);
            String other = Http.node(moved);
            assertThat(other).isNotEqualTo(home);
            String rewritten = moved.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("UNSTICK_ROUTE="))
                    .findFirst().orElseThrow();
            int before = fx.backend(home).hits("/session");
            for (int i = 0; i < 20; i++) {
                assertThat(Http.node(Http.get(fx.url() + "/", "Cookie", rewritten.substring(0, rewritten.indexOf(';')))))
                        .isEqualTo(other);
                assertThat(Http.node(Http.get(fx.url() + "/"))).as("no new client goes there either").isNotEqualTo(home);
            }
            assertThat(fx.backend(home).hits("/session")).isEqualTo(before);
            assertThat(Metrics.value(fx, "unstick_redispatches_total{from=\"" + home + "\"}")).isEqualTo(1);
            assertThat(Metrics.value(fx, "unstick_node_transitions_total{cause=\"not-ready\",node=\"" + home + "\",to=\"down\"}"))
                    .isEqualTo(1);

            fx.backend(home).ready(true);
            Http.await(home + " UP again", Duration.ofSeconds(15), () -> "UP".equals(state(fx, home)));
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                seen.add(Http.node(Http.get(fx.url() + "/")));
            }
            assertThat(seen).contains(home);
        }
    }

    @Test
    void oneBlipThatReachesEveryNodeTakesNoneOut() {
        try (BalancerFixture fx = BalancerFixture.start(3, "UNSTICK_ROUTING", "round-robin", "UNSTICK_HEALTH_INTERVAL", "1h")) {
            // a GET whose connection every node drops: tried on all three, each fails once
            given().get(fx.url() + "/drop").then().statusCode(502);
            assertThat(fx.backends.stream().mapToInt(b -> b.hits("/drop")).sum()).isEqualTo(3);
            for (String node : List.of("node1", "node2", "node3")) {
                assertThat(state(fx, node)).as(node).isEqualTo("UP");
                assertThat(Metrics.value(fx, "unstick_passive_failures_total{node=\"" + node + "\"}")).isEqualTo(1);
            }
            for (int i = 0; i < 6; i++) {
                assertThat(Http.get(fx.url() + "/").statusCode()).as("no outage after the blip").isEqualTo(200);
            }
            assertThat(Metrics.value(fx, "unstick_panic_routes_total{node=\"node1\"}")).isZero();
        }
    }

    @Test
    void aNodeThatKeepsRefusingIsMarkedDownAfterThreeFailuresAndClientsSeeNone() {
        try (BalancerFixture fx = BalancerFixture.start(3, "UNSTICK_ROUTING", "round-robin", "UNSTICK_HEALTH_INTERVAL", "1h",
                "UNSTICK_PASSIVE_BACKOFF", "20s")) {
            fx.backend("node1").close();
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                statuses.add(Http.get(fx.url() + "/").statusCode());
            }
            assertThat(statuses).as("refused connects are retried elsewhere").containsOnly(200);
            assertThat(state(fx, "node1")).isEqualTo("DOWN");
            assertThat(Metrics.value(fx, "unstick_passive_failures_total{node=\"node1\"}")).isEqualTo(3);
            assertThat(Metrics.value(fx, "unstick_node_transitions_total{cause=\"passive\",node=\"node1\",to=\"down\"}")).isEqualTo(1);
        }
    }

    @Test
    void whenEveryNodeIsMarkedDownRequestsGoToThemAnywayNotTo503() {
        // one failure marks a node down here, and nothing brings it back: the worst case of a blip
        try (BalancerFixture fx = BalancerFixture.start(3, "UNSTICK_ROUTING", "cookie", "UNSTICK_HEALTH_INTERVAL", "1h",
                "UNSTICK_PASSIVE_FAILURES", "1", "UNSTICK_PASSIVE_BACKOFF", "20s")) {
            HttpResponse<String> bound = Http.get(fx.url() + "/");
            String cookie = bound.headers().firstValue("Set-Cookie").orElseThrow();
            given().get(fx.url() + "/drop").then().statusCode(502);
            for (String node : List.of("node1", "node2", "node3")) {
                assertThat(state(fx, node)).as(node).isEqualTo("DOWN");
            }
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> r = Http.get(fx.url() + "/");
                assertThat(r.statusCode()).as("the last resort serves instead of a 503").isEqualTo(200);
            }
            HttpResponse<String> again = Http.get(fx.url() + "/", "Cookie", cookie.substring(0, cookie.indexOf(';')));
            assertThat(Http.node(again)).as("a bound client keeps its node in the last resort").isEqualTo(Http.node(bound));
            double panics = fx.backends.stream().mapToDouble(b ->
                    Metrics.value(fx, "unstick_panic_routes_total{node=\"" + b.name() + "\"}")).sum();
            assertThat(panics).isEqualTo(7);
            assertThat(log.messages("io.unstick.balancer.routing")).anySatisfy(m -> assertThat(m).contains("last resort"));

            // disabled nodes stay out, even then
            for (TestBackend b : fx.backends) {
                given().contentType("application/json").post(fx.adminUrl() + "/admin/nodes/" + b.name() + "/disable");
            }
            assertThat(Http.get(fx.url() + "/").statusCode()).isEqualTo(503);
        }
    }
}
