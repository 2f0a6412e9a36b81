package io.unstick.balancer.it;

import io.restassured.response.Response;
import io.unstick.balancer.support.Admin;
import io.unstick.balancer.support.BalancerFixture;
import io.unstick.balancer.support.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Each affinity strategy keeps one client on one node for 200 requests; different clients spread. */
class AffinityIT {

    private static BalancerFixture fx;

    @BeforeAll
    static void start() {
        fx = BalancerFixture.start(3, "UNSTICK_TRUST_FORWARDED", "true");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static void route(String routing) {
        Admin.json().body("{\"routing\":\"" + routing + "\"}").contentType("application/json")
                .put(fx.adminUrl() + "/admin/routing").then().statusCode(200);
    }

    @Test
    void cookieKeepsAClientOnOneNodeAndRevealsNoAddress() {
        route("cookie");
        Response first = given().get(fx.url() + "/");
        String cookie = first.getCookie("UNSTICK_ROUTE");
        String node = first.header("X-Unstick-Node");
        String setCookie = first.header("Set-Cookie");
        assertThat(cookie).isNotBlank().doesNotContain("127.0.0.1").doesNotContain("node")
                .doesNotContain(String.valueOf(fx.backend(node).port()));
        assertThat(setCookie).contains("HttpOnly").contains("Path=/").containsIgnoringCase("SameSite=Lax")
                .doesNotContainIgnoringCase("secure");

        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < 199; i++) {
            HttpResponse<String> r = Http.get(fx.url() + "/", "Cookie", "UNSTICK_ROUTE=" + cookie);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Set-Cookie")).as("a valid cookie is not rewritten").isEmpty();
            nodes.add(Http.node(r));
        }
        assertThat(nodes).containsExactly(node);
    }

    @Test
    void cookieIsSecureBehindHttps() {
        route("cookie");
        String setCookie = given().header("X-Forwarded-Proto", "https").get(fx.url() + "/").header("Set-Cookie");
        assertThat(setCookie).containsIgnoringCase("Secure");
    }

    @Test
    void newCookieClientsSpreadOverAllNodes() {
        route("cookie");
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            nodes.add(Http.node(Http.get(fx.url() + "/")));
        }
        assertThat(nodes).containsExactlyInAnyOrder("node1", "node2", "node3");
    }

    @Test
    void jsessionidFollowsTheJvmRouteInCookieAndPathParameter() {
        route("jsessionid");
        Response first = given().get(fx.url() + "/session");
        String session = first.getCookie("JSESSIONID");
        String node = first.header("X-Unstick-Node");
        assertThat(session).endsWith("." + node);

        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            nodes.add(Http.node(Http.get(fx.url() + "/session", "Cookie", "JSESSIONID=" + session)));
            nodes.add(Http.node(Http.get(fx.url() + "/page;jsessionid=" + session)));
        }
        assertThat(nodes).containsExactly(node);
        assertThat(first.header("Set-Cookie")).doesNotContain("UNSTICK_ROUTE");
    }

    @Test
    void sourceIpHashKeepsEachAddressOnOneNodeAndSpreadsAddresses() {
        route("source-ip");
        assertStickyPerKey("X-Forwarded-For", i -> "198.51.100." + i);
    }

    @Test
    void headerHashKeepsEachValueOnOneNodeAndSpreadsValues() {
        route("header:X-User");
        assertStickyPerKey("X-User", i -> "user-" + i);
    }

    private static void assertStickyPerKey(String header, java.util.function.IntFunction<String> key) {
        Map<String, Set<String>> nodesByKey = new HashMap<>();
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 50; i++) {
                String k = key.apply(i);
                nodesByKey.computeIfAbsent(k, x -> new HashSet<>()).add(Http.node(Http.get(fx.url() + "/", header, k)));
            }
        }
        assertThat(nodesByKey.values()).allSatisfy(nodes -> assertThat(nodes).hasSize(1));
        Set<String> used = new HashSet<>();
        nodesByKey.values().forEach(used::addAll);
        assertThat(used).containsExactlyInAnyOrder("node1", "node2", "node3");

        // one client, 200 requests, one node
        Set<String> one = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            one.add(Http.node(Http.get(fx.url() + "/", header, key.apply(7))));
        }
        assertThat(one).hasSize(1);
    }
}
