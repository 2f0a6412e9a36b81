package io.unstick.balancer.it;

import io.unstick.balancer.Balancer;
import io.unstick.balancer.config.BalancerConfig;
import io.unstick.balancer.config.CookieSettings;
import io.unstick.balancer.routing.AffinityCookieCodec;
import io.unstick.balancer.support.BalancerFixture;
import io.unstick.balancer.support.Http;
import io.unstick.balancer.support.RawHttp;
import io.unstick.balancer.support.SlowClient;
import io.unstick.balancer.support.TestBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Forged, expired and garbage affinity cookies are routed as if absent, and counted; replicas agree. */
class AffinityCookieIT {

    private static final String SECRET = "test-secret-0123456789abcdef";
    private static BalancerFixture fx;

    @BeforeAll
    static void start() {
        fx = BalancerFixture.start(2, "UNSTICK_ROUTING", "cookie", "UNSTICK_COOKIE_SECRET", SECRET,
                "UNSTICK_COOKIE_MAX_LIFE", "1h");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static double invalid(String reason) {
        String line = given().get(fx.adminUrl() + "/metrics").asString().lines()
                .filter(l -> l.startsWith("unstick_invalid_cookies_total{reason=\"" + reason + "\"}"))
                .findFirst().orElse("x 0");
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private static void assertRoutedAndReissued(String cookieValue, String reason) {
        double before = invalid(reason);
        HttpResponse<String> r = Http.get(fx.url() + "/", "Cookie", "UNSTICK_ROUTE=" + cookieValue);
        assertThat(r.statusCode()).as("never refused").isEqualTo(200);
        assertThat(r.headers().firstValue("Set-Cookie")).get().asString().startsWith("UNSTICK_ROUTE=")
                .doesNotContain(cookieValue);
        assertThat(invalid(reason)).isEqualTo(before + 1);
    }

    @Test
    void tamperedCookie() {
        String good = Http.get(fx.url() + "/").headers().firstValue("Set-Cookie").orElseThrow();
        String value = good.substring(good.indexOf('=') + 1, good.indexOf(';'));
        char last = value.charAt(value.length() - 1);
        assertRoutedAndReissued(value.substring(0, value.length() - 1) + (last == 'A' ? 'B' : 'A'), "bad-signature");
        // another node's id with the original signature
        AffinityCookieCodec codec = new AffinityCookieCodec(SECRET, CookieSettings.defaults());
        String[] parts = value.split("\\.");
        parts[1] = codec.routeIdFor(parts[1].equals(codec.routeIdFor("node1")) ? "node2" : "node1");
        assertRoutedAndReissued(String.join(".", parts), "bad-signature");
    }

    /**
     * The HMAC is skipped for a value the same keep-alive connection already had verified; a different value on
     * that connection, after a genuine one, must still be checked (issue 14, finding 8).
     */
    @Test
    void aForgedCookieOnAKeepAliveConnectionAfterAGenuineOneIsRefused() {
        HttpResponse<String> first = Http.get(fx.url() + "/");
        String genuine = cookieValue(first.headers().firstValue("Set-Cookie").orElseThrow());
        String home = Http.node(first);
        String other = home.equals("node1") ? "node2" : "node1";
        AffinityCookieCodec codec = new AffinityCookieCodec(SECRET, CookieSettings.defaults());
        String forged = genuine.replace(codec.routeIdFor(home), codec.routeIdFor(other)); // the genuine MAC kept
        double badSignatures = invalid("bad-signature");
        try (SlowClient connection = new SlowClient(fx.balancer.port())) {
            connection.send("GET / HTTP/1.1\r\nHost: shop\r\nCookie: UNSTICK_ROUTE=" + genuine + "\r\n\r\n");
            String answer = connection.response();
            assertThat(RawHttp.status(answer)).isEqualTo(200);
            assertThat(answer).contains("X-Unstick-Node: " + home).doesNotContain("Set-Cookie");
            for (int i = 0; i < 3; i++) {
                connection.send("GET / HTTP/1.1\r\nHost: shop\r\nCookie: UNSTICK_ROUTE=" + forged + "\r\n\r\n");
                String forgedAnswer = connection.response();
                assertThat(RawHttp.status(forgedAnswer)).as("never refused").isEqualTo(200);
                assertThat(forgedAnswer).as("treated as absent: a new cookie").contains("Set-Cookie: UNSTICK_ROUTE=")
                        .doesNotContain("UNSTICK_ROUTE=" + forged);
                // the genuine one still works on the same connection, and still without a new cookie
                connection.send("GET / HTTP/1.1\r\nHost: shop\r\nCookie: UNSTICK_ROUTE=" + genuine + "\r\n\r\n");
                assertThat(connection.response()).contains("X-Unstick-Node: " + home).doesNotContain("Set-Cookie");
            }
        }
        assertThat(invalid("bad-signature")).isEqualTo(badSignatures + 3);
    }

    private static String cookieValue(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    @Test
    void cookieFromAnotherSecret() {
        AffinityCookieCodec other = new AffinityCookieCodec("another-secret-0123456789", CookieSettings.defaults());
        long now = System.currentTimeMillis() / 1000;
        assertRoutedAndReissued(other.encode(new AffinityCookieCodec.Token(other.routeIdFor("node1"), "AAAAAAAAAAA", now, now)),
                "bad-signature");
    }

    @Test
    void expiredCookie() {
        AffinityCookieCodec codec = new AffinityCookieCodec(SECRET, CookieSettings.defaults());
        long twoHoursAgo = System.currentTimeMillis() / 1000 - 7200;
        assertRoutedAndReissued(codec.encode(new AffinityCookieCodec.Token(codec.routeIdFor("node1"), "AAAAAAAAAAA",
                twoHoursAgo, twoHoursAgo)), "expired");
    }

    @Test
    void garbageAndTruncatedCookies() {
        assertRoutedAndReissued("garbage", "malformed");
        assertRoutedAndReissued("v1.........", "malformed");
        String good = Http.get(fx.url() + "/").headers().firstValue("Set-Cookie").orElseThrow();
        String value = good.substring(good.indexOf('=') + 1, good.indexOf(';'));
        assertRoutedAndReissued(value.substring(0, value.length() - 5), "malformed");
        assertRoutedAndReissued("x".repeat(500), "malformed");
    }

    @Test
    void replicasSharingTheSecretRouteACookieTheSameWay() {
        Map<String, String> env = new HashMap<>();
        env.put("UNSTICK_BIND_ADDRESS", "127.0.0.1");
        env.put("UNSTICK_PORT", "0");
        env.put("UNSTICK_ADMIN_PORT", "0");
        env.put("UNSTICK_ROUTING", "cookie");
        env.put("UNSTICK_COOKIE_SECRET", SECRET);
        // the replica lists the nodes in the other order: ids depend on names, not positions
        java.util.List<TestBackend> reversed = new java.util.ArrayList<>(fx.backends);
        java.util.Collections.reverse(reversed);
        env.put("UNSTICK_BACKENDS", reversed.stream().map(TestBackend::spec).collect(Collectors.joining(",")));
        try (Balancer replica = new Balancer(BalancerConfig.fromEnv(env)).start()) {
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> first = Http.get(fx.url() + "/");
                String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
                String cookie = setCookie.substring(0, setCookie.indexOf(';'));
                HttpResponse<String> onReplica = Http.get("http://127.0.0.1:" + replica.port() + "/", "Cookie", cookie);
                assertThat(Http.node(onReplica)).isEqualTo(Http.node(first));
                assertThat(onReplica.headers().firstValue("Set-Cookie")).isEmpty();
            }
        }
    }

    @Test
    void maxIdleRefreshesTheCookieWhileInUse() {
        try (BalancerFixture idle = BalancerFixture.start(1, "UNSTICK_ROUTING", "cookie", "UNSTICK_COOKIE_MAX_IDLE", "4s")) {
            String setCookie = Http.get(idle.url() + "/").headers().firstValue("Set-Cookie").orElseThrow();
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            // a quarter of the idle time later, a request gets a refreshed cookie
            Http.await("a refreshed cookie", Duration.ofSeconds(5),
                    () -> Http.get(idle.url() + "/", "Cookie", cookie).headers().firstValue("Set-Cookie").isPresent());
        }
    }
}
