package io.unstick.balancer.it;

import io.restassured.response.Response;
import io.unstick.balancer.support.BalancerFixture;
import io.unstick.balancer.support.Http;
import io.unstick.balancer.support.TestBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failover: a node killed mid-run costs GET clients nothing; bound clients move and their cookie is rewritten;
 * nothing unsafe is replayed; 502/503/504 are short JSON. Each test owns its fixture because it breaks nodes.
 */
class FailoverIT {

    private BalancerFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void aBackendKilledMidRunCostsGetClientsNoError() throws Exception {
        fx = BalancerFixture.start(3, "UNSTICK_ROUTING", "round-robin");
        int clients = 4;
        int perClient = 400;
        AtomicInteger done = new AtomicInteger();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perClient; i++) {
                        try {
                            HttpResponse<String> r = Http.get(fx.url() + "/");
                            if (r.statusCode() != 200) {
                                errors.add(r.statusCode() + " " + r.body());
                            }
                        } catch (RuntimeException e) {
                            errors.add(e.toString());
                        }
                        done.incrementAndGet();
                    }
                }));
            }
            Http.await("a quarter of the load", Duration.ofSeconds(30), () -> done.get() > clients * perClient / 4);
            fx.backend("node2").close();
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(errors).isEmpty();
        assertThat(done.get()).isEqualTo(clients * perClient);
        given().get(fx.adminUrl() + "/admin/nodes").then().statusCode(200);
        String state = given().get(fx.adminUrl() + "/admin/nodes/node2").path("state");
        assertThat(state).isEqualTo("DOWN");
    }

    @Test
    void aBoundClientWhoseNodeDiesIsMovedAndItsCookieRewritten() {
        fx = BalancerFixture.start(2, "UNSTICK_ROUTING", "cookie");
        Response first = given().get(fx.url() + "/session");
        String cookie = first.getCookie("UNSTICK_ROUTE");
        String session = first.getCookie("JSESSIONID");
        String home = first.header("X-Unstick-Node");
        fx.backend(home).close();

        Response moved = given().cookie("UNSTICK_ROUTE", cookie).cookie("JSESSIONID", session).get(fx.url() + "/session");
        assertThat(moved.statusCode()).isEqualTo(200);
        String other = moved.header("X-Unstick-Node");
        assertThat(other).isNotEqualTo(home);
        String rewritten = moved.getCookie("UNSTICK_ROUTE");
        assertThat(rewritten).isNotNull().isNotEqualTo(cookie);

        // the rewritten cookie sticks to the new node
        for (int i = 0; i < 20; i++) {
            assertThat(Http.node(Http.get(fx.url() + "/", "Cookie", "UNSTICK_ROUTE=" + rewritten))).isEqualTo(other);
        }
        String metrics = given().get(fx.adminUrl() + "/metrics").asString();
        assertThat(metrics).contains("unstick_redispatches_total{from=\"" + home + "\"} 1.0");
        assertThat(metrics).contains("unstick_session_resets_total{node=\"" + other + "\"} 1.0");
    }

    @Test
    void idempotentRequestsAreRetriedButAPostIsNeverReplayed() {
        fx = BalancerFixture.start(3, "UNSTICK_ROUTING", "round-robin");
        given().post(fx.url() + "/drop").then().statusCode(502)
                .contentType("application/json").header("Retry-After", (String) null);
        int postAttempts = fx.backends.stream().mapToInt(b -> b.hits("/drop")).sum();
        assertThat(postAttempts).as("a sent POST is not replayed").isEqualTo(1);

        given().get(fx.url() + "/drop").then().statusCode(502);
        int getAttempts = fx.backends.stream().mapToInt(b -> b.hits("/drop")).sum() - postAttempts;
        assertThat(getAttempts).as("a GET is tried on up to 2 more nodes").isEqualTo(3);
        assertThat(given().get(fx.adminUrl() + "/metrics").asString()).contains("unstick_retries_total");
    }

    @Test
    void aPostToADeadNodeIsRetriedBecauseItWasNeverSent() {
        fx = BalancerFixture.start(2, "UNSTICK_ROUTING", "round-robin", "UNSTICK_HEALTH_INTERVAL", "1h");
        fx.backend("node1").close();
        for (int i = 0; i < 6; i++) {
            given().body("x").post(fx.url() + "/anything").then().statusCode(200).header("X-Unstick-Node", "node2");
        }
    }

    @Test
    void noHealthyNodeGives503WithJsonAndRetryAfter() {
        fx = BalancerFixture.start(2);
        fx.backends.forEach(TestBackend::close);
        Response r = given().get(fx.url() + "/");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isEqualTo("1");
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.asString()).contains("\"error\"").doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void aSlowBackendGives504() {
        fx = BalancerFixture.start(1, "UNSTICK_BACKEND_TIMEOUT", "300ms");
        Response r = given().get(fx.url() + "/slow?ms=3000");
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.asString()).contains("did not answer in time");
        given().get(fx.url() + "/slow?ms=10").then().statusCode(200);
    }

    @Test
    void healthChecksTakeANodeOutAndBringItBack() {
        fx = BalancerFixture.start(2, "UNSTICK_ROUTING", "round-robin");
        TestBackend node1 = fx.backend("node1");
        node1.healthy(false);
        Http.await("node1 DOWN", Duration.ofSeconds(10),
                () -> "DOWN".equals(given().get(fx.adminUrl() + "/admin/nodes/node1").path("state")));
        for (int i = 0; i < 20; i++) {
            assertThat(Http.node(Http.get(fx.url() + "/"))).isEqualTo("node2");
        }
        node1.healthy(true);
        Http.await("node1 UP", Duration.ofSeconds(10),
                () -> "UP".equals(given().get(fx.adminUrl() + "/admin/nodes/node1").path("state")));
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            seen.add(Http.node(Http.get(fx.url() + "/")));
        }
        assertThat(seen).containsExactlyInAnyOrder("node1", "node2");
    }
}
