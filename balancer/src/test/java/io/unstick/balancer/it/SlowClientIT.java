package io.unstick.balancer.it;

import io.unstick.balancer.support.BalancerFixture;
import io.unstick.balancer.support.Http;
import io.unstick.balancer.support.LogCapture;
import io.unstick.balancer.support.Metrics;
import io.unstick.balancer.support.RawHttp;
import io.unstick.balancer.support.SlowClient;
import io.unstick.balancer.support.TestBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow and vanishing request bodies (issue 14, finding 2 and 7): a client that trickles gets 408 and never holds
 * a backend connection for long, a client that gives up is counted as an abort and never against a node. Bounded
 * counts and deadlines; no throughput is asserted. The pool is one backend connection per IO thread, so any
 * connection a slow client held would show as a normal client waiting.
 */
class SlowClientIT {

    private static final String SLOW_SETTINGS_NOTE = "body timeout 1 s, min rate 64 KiB/s: a body of n bytes may take 1 s + n/64 KiB";
    private static BalancerFixture fx;
    private static LogCapture log;

    @BeforeAll
    static void start() {
        log = LogCapture.start();
        // One connection failure would take the node down here: a client's doing must never count as one.
        fx = BalancerFixture.start(1, "UNSTICK_BACKEND_MAX_CONNECTIONS", "1", "UNSTICK_REQUEST_BODY_TIMEOUT", "1s",
                "UNSTICK_REQUEST_BODY_MIN_RATE", "64k", "UNSTICK_HEALTH_INTERVAL", "1h", "UNSTICK_PASSIVE_FAILURES", "1");
    }

    @AfterAll
    static void stop() {
        fx.close();
        log.close();
    }

    @AfterEach
    void nothingWasLoggedAsAStackTraceAndTheNodeIsStillUp() {
        assertThat(log.stackTraces()).isEmpty();
        assertThat(given().get(fx.adminUrl() + "/admin/nodes/node1").path("state").toString()).isEqualTo("UP");
        assertThat(Metrics.nodeErrors(fx, "node1")).as("nothing here is the node's fault").isZero();
    }

    private static TestBackend node() {
        return fx.backend("node1");
    }

    @Test
    void tricklingBodiesGet408AndNeverTakeABackendConnection() {
        double timeouts = Metrics.value(fx, "unstick_refused_requests_total{reason=\"body-timeout\"}");
        List<SlowClient> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                SlowClient client = new SlowClient(fx.balancer.port());
                client.send("POST /upload HTTP/1.1\r\nHost: shop\r\nContent-Length: 100\r\n\r\nx");
                slow.add(client);
            }
            // While they trickle (a byte each per 100 ms), a normal client's requests go through at once: with
            // two pooled backend connections in all, any connection held by a slow client would stall it.
            HttpRequest post = HttpRequest.newBuilder(URI.create(fx.url() + "/echo")).timeout(Duration.ofSeconds(2))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"productId\":1}")).build();
            for (int round = 0; round < 8; round++) {
                slow.forEach(c -> c.send("x"));
                assertThat(Http.get(fx.url() + "/").statusCode()).isEqualTo(200);
                assertThat(send(post).statusCode()).isEqualTo(200);
                pace(100);
            }
            for (SlowClient client : slow) {
                String response = client.response();
                assertThat(RawHttp.status(response)).as(response).isEqualTo(408);
                assertThat(response).contains("did not arrive in time").contains("Connection: close");
            }
        } finally {
            slow.forEach(SlowClient::close);
        }
        assertThat(node().hits("/upload")).as("no slow body reached the node").isZero();
        assertThat(Metrics.value(fx, "unstick_refused_requests_total{reason=\"body-timeout\"}")).isEqualTo(timeouts + 20);
    }

    @Test
    void aLargeBodyThatSlowsDownIsCutOffAndTheNodeNeverGetsItWhole() {
        int brokenBefore = node().uploadsBroken();
        int completedBefore = node().uploadsCompleted();
        double tooSlow = Metrics.value(fx, "unstick_refused_requests_total{reason=\"body-too-slow\"}");
        long started = System.nanoTime();
        try (SlowClient client = new SlowClient(fx.balancer.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: shop\r\nContent-Length: 1048576\r\n\r\n");
            client.send(new byte[128 * 1024]); // past the 64 KiB buffer: streamed to the node from here on
            Http.await("the node to see the upload start", Duration.ofSeconds(5), () -> node().hits("/upload") > 0);
            while (!client.answered() && System.nanoTime() - started < 10_000_000_000L) {
                client.send(new byte[10]);
                pace(100);
            }
            String response = client.response();
            assertThat(RawHttp.status(response)).as(SLOW_SETTINGS_NOTE + ": " + response).isEqualTo(408);
            assertThat(response).contains("arrived too slowly");
        }
        Http.await("the node's request to break off", Duration.ofSeconds(5), () -> node().uploadsBroken() > brokenBefore);
        assertThat(node().uploadsCompleted()).as("the node never got a complete request").isEqualTo(completedBefore);
        assertThat(Metrics.value(fx, "unstick_refused_requests_total{reason=\"body-too-slow\"}")).isEqualTo(tooSlow + 1);
    }

    @Test
    void aClientThatGivesUpMidBodyIsAnAbortNeverANodeError() {
        double aborts = Metrics.value(fx, "unstick_client_aborts_total");
        int brokenBefore = node().uploadsBroken();
        int hitsBefore = node().hits("/upload");
        try (SlowClient small = new SlowClient(fx.balancer.port())) {
            small.send("POST /upload HTTP/1.1\r\nHost: shop\r\nContent-Length: 100\r\n\r\nonly ten b");
        }
        Http.await("the small abort to be counted", Duration.ofSeconds(5),
                () -> Metrics.value(fx, "unstick_client_aborts_total") == aborts + 1);
        assertThat(node().hits("/upload")).as("a buffered body that never completed never reached the node").isEqualTo(hitsBefore);

        try (SlowClient large = new SlowClient(fx.balancer.port())) {
            large.send("POST /upload HTTP/1.1\r\nHost: shop\r\nContent-Length: 1048576\r\n\r\n");
            large.send(new byte[200 * 1024]);
            Http.await("the node to see the upload start", Duration.ofSeconds(5), () -> node().hits("/upload") > hitsBefore);
        }
        Http.await("the large abort to be counted", Duration.ofSeconds(5),
                () -> Metrics.value(fx, "unstick_client_aborts_total") == aborts + 2);
        Http.await("the node's request to break off", Duration.ofSeconds(5), () -> node().uploadsBroken() > brokenBefore);
    }

    @Test
    void expectContinueIsAnsweredByTheBalancerAndTheNodeGetsTheWholeBody() {
        try (SlowClient client = new SlowClient(fx.balancer.port())) {
            client.send("POST /headers HTTP/1.1\r\nHost: shop\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            assertThat(client.readUntil("\r\n\r\n")).startsWith("HTTP/1.1 100 Continue");
            client.send("hello");
            String response = client.response();
            assertThat(RawHttp.status(response)).isEqualTo(200);
            assertThat(RawHttp.body(response)).as("the node gets no Expect: the body comes with the request")
                    .contains("\"Content-Length\":\"5\"").doesNotContainIgnoringCase("expect");
        }
    }

    @Test
    void aRequestThatRunsOutOfTimeWhileItsBodyIsArrivingIsTheClientsFault() {
        try (BalancerFixture deadline = BalancerFixture.start(1, "UNSTICK_BACKEND_TIMEOUT", "1s",
                "UNSTICK_REQUEST_BODY_TIMEOUT", "10s", "UNSTICK_REQUEST_BODY_MIN_RATE", "1k");
             SlowClient client = new SlowClient(deadline.balancer.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: shop\r\nContent-Length: 1048576\r\n\r\n");
            client.send(new byte[128 * 1024]);
            long started = System.nanoTime();
            // 10 KiB/s: above the minimum rate, but the whole request cannot finish within the 1 s deadline
            while (!client.answered() && System.nanoTime() - started < 10_000_000_000L) {
                client.send(new byte[1024]);
                pace(100);
            }
            String response = client.response();
            assertThat(RawHttp.status(response)).as(response).isEqualTo(408);
            assertThat(Metrics.value(deadline, "unstick_refused_requests_total{reason=\"body-too-slow\"}")).isEqualTo(1);
            assertThat(Metrics.nodeErrors(deadline, "node1")).as("not a 504 against the node").isZero();
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return Http.client().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(request + " failed: " + e, e);
        }
    }

    /** How fast a slow client sends: the scenario's pace, not a wait for a condition. */
    private static void pace(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
