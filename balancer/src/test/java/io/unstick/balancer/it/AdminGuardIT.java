package io.unstick.balancer.it;

import io.restassured.specification.RequestSpecification;
import io.unstick.balancer.support.Admin;
import io.unstick.balancer.support.BalancerFixture;
import io.unstick.balancer.support.LogCapture;
import io.unstick.balancer.support.Metrics;
import io.unstick.balancer.support.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * The admin API against web pages (issue 14, finding 4): what a cross-site page, a DNS-rebound name or the shop's
 * own origin could send is refused and changes nothing; curl and the lab keep working. Each refused call is one
 * that changed the balancer before: disable a node, add a backend pointing anywhere, switch the routing.
 */
class AdminGuardIT {

    private static final String EVIL = "http://evil.example";
    private static BalancerFixture fx;
    private static LogCapture log;
    private static String before;

    @BeforeAll
    static void start() {
        log = LogCapture.start();
        fx = BalancerFixture.start(2, "UNSTICK_ROUTING", "round-robin");
        before = state(fx);
    }

    @AfterAll
    static void stop() {
        fx.close();
        log.close();
    }

    @AfterEach
    void nothingChangedAndNothingWasLoggedAsAStackTrace() {
        assertThat(state(fx)).isEqualTo(before);
        assertThat(log.stackTraces()).isEmpty();
    }

    private static String state(BalancerFixture f) {
        return state(f, given());
    }

    /** Nodes, their states and the routing, read with {@code reader} (which carries the token, if any). */
    private static String state(BalancerFixture f, RequestSpecification reader) {
        List<Map<String, Object>> nodes = reader.get(f.adminUrl() + "/admin/nodes").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return nodes.stream().map(n -> n.get("name") + "=" + n.get("url") + ":" + n.get("state")).sorted()
                .collect(Collectors.joining(",")) + " routing=" + reader.get(f.adminUrl() + "/admin/routing").path("routing");
    }

    /**
     * The writes a page made before (disable a node, add a backend pointing anywhere, switch the routing, remove a
     * node), sent as a browser would with these extra header lines; each must get {@code status}.
     */
    private static void everyWriteIsRefused(int status, String... headerLines) {
        String host = "Host: 127.0.0.1:" + fx.balancer.adminPort();
        String extra = String.join("\r\n", headerLines);
        if (extra.contains("Host:")) {
            host = null;
        }
        for (String[] write : new String[][]{
                {"POST", "/admin/nodes/node1/disable", ""},
                {"POST", "/admin/nodes", "{\"name\":\"evil\",\"url\":\"http://203.0.113.9:80\"}"},
                {"PUT", "/admin/routing", "{\"routing\":\"source-ip\"}"},
                {"DELETE", "/admin/nodes/node2", ""}}) {
            String response = RawHttp.send(fx.balancer.adminPort(), write[0] + " " + write[1] + " HTTP/1.1\r\n"
                    + (host == null ? "" : host + "\r\n") + (extra.isEmpty() ? "" : extra + "\r\n")
                    + "Content-Length: " + write[2].length() + "\r\n\r\n" + write[2]);
            assertThat(RawHttp.status(response)).as(write[0] + " " + write[1] + " with " + extra + ": " + response).isEqualTo(status);
            assertThat(RawHttp.body(response)).contains("\"error\"").contains("admin");
        }
    }

    @Test
    void aCrossSiteTextPlainPostIsRefused() {
        everyWriteIsRefused(403, "Content-Type: text/plain", "Origin: " + EVIL, "Sec-Fetch-Site: cross-site");
        // an older browser sends no Sec-Fetch-Site: the Origin is enough
        everyWriteIsRefused(403, "Content-Type: text/plain", "Origin: " + EVIL);
        // and a page that hides its Origin (a sandboxed frame says "null")
        everyWriteIsRefused(403, "Content-Type: application/x-www-form-urlencoded", "Origin: null");
    }

    @Test
    void aWriteWithoutJsonContentTypeIsRefusedEvenWithoutBrowserHeaders() {
        everyWriteIsRefused(415, "Content-Type: text/plain");
        everyWriteIsRefused(415, "Content-Type: application/x-www-form-urlencoded");
        everyWriteIsRefused(415, "Content-Type: multipart/form-data; boundary=x");
        everyWriteIsRefused(415);
    }

    @Test
    void aDnsRebindingPageIsRefusedByItsHostEvenSameOriginWithJson() {
        String rebound = "evil.example:" + fx.balancer.adminPort();
        everyWriteIsRefused(403, "Host: " + rebound, "Origin: http://" + rebound, "Sec-Fetch-Site: same-origin",
                "Content-Type: application/json");
        given().header("Host", rebound).get(fx.adminUrl() + "/admin/nodes").then().statusCode(403);
        given().header("Host", rebound).get(fx.adminUrl() + "/metrics").then().statusCode(403);
    }

    @Test
    void theShopsOwnOriginIsAnotherSiteToo() {
        // same-site (another port of localhost), e.g. a page of the shop behind the balancer
        everyWriteIsRefused(403, "Content-Type: application/json", "Origin: http://localhost:8080", "Sec-Fetch-Site: same-site");
        everyWriteIsRefused(403, "Content-Type: application/json", "Origin: http://127.0.0.1:" + fx.balancer.port());
    }

    @Test
    void curlTheLabAndASameOriginPageStillWork() {
        double refused = Metrics.value(fx, "unstick_refused_requests_total{reason=\"admin-cross-site\"}");
        Admin.json().header("Origin", EVIL).post(fx.adminUrl() + "/admin/nodes/node1/drain").then().statusCode(403);
        assertThat(Metrics.value(fx, "unstick_refused_requests_total{reason=\"admin-cross-site\"}")).isEqualTo(refused + 1);
        Admin.json().post(fx.adminUrl() + "/admin/nodes/node1/drain").then().statusCode(200);
        Admin.json().header("Host", "localhost:" + fx.balancer.adminPort()).post(fx.adminUrl() + "/admin/nodes/node1/enable")
                .then().statusCode(200);
        String self = "127.0.0.1:" + fx.balancer.adminPort();
        Admin.json().header("Origin", "http://" + self).header("Sec-Fetch-Site", "same-origin")
                .post(fx.adminUrl() + "/admin/nodes/node1/enable").then().statusCode(200);
        given().header("Sec-Fetch-Site", "none").get(fx.adminUrl() + "/admin/nodes").then().statusCode(200);
    }

    @Test
    void withATokenCrossSiteRequestsAreStillRefused() {
        String token = "s3cret-token-0123456789";
        try (BalancerFixture secured = BalancerFixture.start(1, "UNSTICK_ADMIN_TOKEN", token, "UNSTICK_ADMIN_BIND_ADDRESS", "127.0.0.1")) {
            String url = secured.adminUrl() + "/admin/nodes/node1/disable";
            Admin.json().header("Authorization", "Bearer " + token).header("Origin", EVIL).post(url).then().statusCode(403);
            Admin.json().header("Authorization", "Bearer " + token).header("Sec-Fetch-Site", "cross-site").post(url).then().statusCode(403);
            given().contentType("text/plain").header("Authorization", "Bearer " + token).post(url).then().statusCode(415);
            Admin.json().post(url).then().statusCode(401);
            RequestSpecification operator = given().header("Authorization", "Bearer " + token);
            assertThat(state(secured, operator)).as("nothing changed").doesNotContain(":DISABLED");
            // a published listener with a token answers to any Host: the token, not the name, protects it
            Admin.json().header("Authorization", "Bearer " + token).header("Host", "admin.internal:9090").post(url).then().statusCode(200);
            assertThat(state(secured, operator)).contains(":DISABLED");
        }
    }
}
