package io.unstick.balancer.it;

import io.unstick.balancer.support.BalancerFixture;
import io.unstick.balancer.support.Http;
import io.unstick.balancer.support.LogCapture;
import io.unstick.balancer.support.Metrics;
import io.unstick.balancer.support.RawHttp;
import io.unstick.balancer.support.SlowClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-client-address limits (issue 14, finding 3 on the balancer's side): connections, requests and new sessions,
 * each answered 429 with Retry-After. Floods are bounded (tens of requests); what passes is bounded by the rate
 * times the time the flood took, never asserted as a throughput.
 */
class ClientLimitsIT {

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

    /** The most a limit of {@code perSecond} (burst of one second's worth) may let through in {@code nanos}. */
    private static long allowed(int perSecond, long nanos) {
        return perSecond + (long) Math.ceil(nanos / 1e9 * perSecond) + 1;
    }

    @Test
    void connectionsOverTheLimitGet429OnTheirFirstRequestAndAreClosed() {
        try (BalancerFixture fx = BalancerFixture.start(1, "UNSTICK_CLIENT_MAX_CONNECTIONS", "3")) {
            List<SlowClient> connections = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    SlowClient connection = new SlowClient(fx.balancer.port());
                    connections.add(connection);
                    connection.send("GET /limited HTTP/1.1\r\nHost: shop\r\n\r\n");
                    String response = connection.response();
                    if (i < 3) {
                        assertThat(RawHttp.status(response)).as("connection " + i).isEqualTo(200);
                    } else {
                        assertThat(RawHttp.status(response)).as("connection " + i).isEqualTo(429);
                        assertThat(response).contains("Retry-After: 1").contains("Connection: close")
                                .contains("too many connections");
                    }
                }
                assertThat(fx.backend("node1").hits("/limited")).isEqualTo(3);
                System.gc(); // the gauge must not lose its source to the collector (it read NaN once)
                assertThat(Metrics.value(fx, "unstick_client_addresses")).as("127.0.0.1, while its connections are open")
                        .isEqualTo(1);
                // the first three are still open and keep working
                connections.get(0).send("GET /limited HTTP/1.1\r\nHost: shop\r\n\r\n");
                assertThat(RawHttp.status(connections.get(0).response())).isEqualTo(200);
                // one closes: within the release sweep, a new connection is served again
                connections.get(1).close();
                Http.await("a connection slot to free up", Duration.ofSeconds(5), () -> {
                    try (SlowClient again = new SlowClient(fx.balancer.port())) {
                        again.send("GET /limited HTTP/1.1\r\nHost: shop\r\n\r\n");
                        return RawHttp.status(again.response()) == 200;
                    }
                });
            } finally {
                connections.forEach(SlowClient::close);
            }
            assertThat(Metrics.value(fx, "unstick_refused_requests_total{reason=\"client-connections\"}")).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void requestsOverTheRateGet429AndNeverReachANode() {
        try (BalancerFixture fx = BalancerFixture.start(1, "UNSTICK_CLIENT_REQUEST_RATE", "10")) {
            int ok = 0;
            int limited = 0;
            long started = System.nanoTime();
            for (int i = 0; i < 40; i++) {
                HttpResponse<String> r = Http.get(fx.url() + "/rated");
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    assertThat(r.statusCode()).isEqualTo(429);
                    assertThat(r.headers().firstValue("Retry-After")).get().satisfies(s -> assertThat(Integer.parseInt(s)).isPositive());
                    assertThat(r.body()).contains("too many requests");
                    limited++;
                }
            }
            long took = System.nanoTime() - started;
            assertThat(ok).as("the burst of 10 and whatever the rate allowed meanwhile").isGreaterThanOrEqualTo(10)
                    .isLessThanOrEqualTo((int) allowed(10, took));
            assertThat(limited).isPositive();
            assertThat(fx.backend("node1").hits("/rated")).as("refused requests never reach the node").isEqualTo(ok);
            assertThat(Metrics.value(fx, "unstick_refused_requests_total{reason=\"client-requests\"}")).isEqualTo(limited);
            Http.await("the rate to allow a request again", Duration.ofSeconds(5),
                    () -> Http.get(fx.url() + "/rated").statusCode() == 200);
        }
    }

    @Test
    void newSessionsOverTheRateAreRefusedButRequestsWithinASessionNever() {
        try (BalancerFixture fx = BalancerFixture.start(1, "UNSTICK_ROUTING", "jsessionid", "UNSTICK_CLIENT_SESSION_RATE", "5")) {
            HttpResponse<String> first = Http.get(fx.url() + "/session");
            String session = first.headers().firstValue("Set-Cookie").orElseThrow();
            String cookie = session.substring(0, session.indexOf(';'));
            int created = 1;
            int refused = 0;
            long started = System.nanoTime();
            for (int i = 0; i < 30; i++) {
                HttpResponse<String> flood = Http.get(fx.url() + "/session"); // cookieless: each would create one
                if (flood.statusCode() == 200) {
                    assertThat(flood.headers().firstValue("Set-Cookie")).get().asString().startsWith("JSESSIONID=");
                    created++;
                } else {
                    assertThat(flood.statusCode()).isEqualTo(429);
                    assertThat(flood.body()).contains("too many new sessions");
                    refused++;
                }
                // the same address, within its session: never refused by this limit
                assertThat(Http.get(fx.url() + "/session", "Cookie", cookie).statusCode()).isEqualTo(200);
            }
            long took = System.nanoTime() - started;
            assertThat(created).as("sessions created").isLessThanOrEqualTo((int) allowed(5, took));
            assertThat(refused).isPositive();
            assertThat(Metrics.value(fx, "unstick_refused_requests_total{reason=\"client-sessions\"}")).isEqualTo(refused);
        }
    }

    @Test
    void newAffinityClientsCountAsNewSessions() {
        try (BalancerFixture fx = BalancerFixture.start(1, "UNSTICK_ROUTING", "cookie", "UNSTICK_CLIENT_SESSION_RATE", "5")) {
            int issued = 0;
            int refused = 0;
            long started = System.nanoTime();
            for (int i = 0; i < 30; i++) {
                HttpResponse<String> r = Http.get(fx.url() + "/"); // no cookie: each gets a new UNSTICK_ROUTE client
                if (r.statusCode() == 200) {
                    assertThat(r.headers().firstValue("Set-Cookie")).get().asString().startsWith("UNSTICK_ROUTE=");
                    issued++;
                } else {
                    refused++;
                }
            }
            assertThat(issued).isLessThanOrEqualTo((int) allowed(5, System.nanoTime() - started));
            assertThat(refused).isPositive();
        }
    }

    @Test
    void behindATrustedProxyTheLastForwardedAddressIsTheClient() {
        try (BalancerFixture fx = BalancerFixture.start(1, "UNSTICK_TRUST_FORWARDED", "true", "UNSTICK_CLIENT_REQUEST_RATE", "5")) {
            int sameClient = 0;
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                // the client varies the part it controls; the proxy's entry stays the same
                if (Http.get(fx.url() + "/", "X-Forwarded-For", "10.9.8." + i + ", 203.0.113.7").statusCode() == 200) {
                    sameClient++;
                }
            }
            assertThat(sameClient).as("one budget for 203.0.113.7").isLessThanOrEqualTo((int) allowed(5, System.nanoTime() - started));
            assertThat(Http.get(fx.url() + "/", "X-Forwarded-For", "6.6.6.6, 203.0.113.8").statusCode())
                    .as("another client behind the proxy has its own").isEqualTo(200);
        }
    }
}
