package io.unstick.balancer.it;

import io.unstick.balancer.support.Admin;
import io.unstick.balancer.support.BalancerFixture;
import io.unstick.balancer.support.Http;
import io.unstick.balancer.support.TestBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The admin API: listing, runtime add/remove, strategy switch, bad input. */
class AdminIT {

    private static BalancerFixture fx;

    @BeforeAll
    static void start() {
        fx = BalancerFixture.start(2, "UNSTICK_ROUTING", "round-robin", "UNSTICK_MODE", "sticky");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void listsNodesWithExactlyTheDocumentedFields() {
        Http.get(fx.url() + "/");
        List<Map<String, Object>> nodes = given().get(fx.adminUrl() + "/admin/nodes").then().statusCode(200)
                .contentType("application/json").extract().jsonPath().getList("$");
        assertThat(nodes).hasSizeGreaterThanOrEqualTo(2);
        assertThat(nodes.get(0)).containsOnlyKeys("name", "url", "state", "inFlight", "requests", "boundClients");
        assertThat(nodes).extracting(n -> n.get("name")).contains("node1", "node2");
        assertThat(nodes.get(0).get("url")).isEqualTo(fx.backend("node1").url());
        assertThat(nodes.get(0).get("state")).isEqualTo("UP");
    }

    @Test
    void addsAndRemovesNodesAtRuntime() {
        try (TestBackend node9 = TestBackend.start("node9")) {
            Admin.json().body("{\"name\":\"node9\",\"url\":\"" + node9.url() + "\"}").post(fx.adminUrl() + "/admin/nodes")
                    .then().statusCode(201).body("name", equalTo("node9")).body("state", equalTo("UP"));
            Admin.json().body("{\"name\":\"node9\",\"url\":\"" + node9.url() + "\"}").post(fx.adminUrl() + "/admin/nodes")
                    .then().statusCode(409).body("error", containsString("already exists"));
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 9; i++) {
                seen.add(Http.node(Http.get(fx.url() + "/")));
            }
            assertThat(seen).contains("node9");

            Admin.json().delete(fx.adminUrl() + "/admin/nodes/node9").then().statusCode(200);
            Admin.json().delete(fx.adminUrl() + "/admin/nodes/node9").then().statusCode(404);
            int before = node9.hits("/");
            for (int i = 0; i < 9; i++) {
                assertThat(Http.node(Http.get(fx.url() + "/"))).isNotEqualTo("node9");
            }
            assertThat(node9.hits("/")).isEqualTo(before);
        }
    }

    @Test
    void switchesTheStrategyAtRuntime() {
        Admin.json().get(fx.adminUrl() + "/admin/routing").then().statusCode(200).body("mode", equalTo("sticky"));
        Admin.json().body("{\"routing\":\"header:X-Tenant\"}").put(fx.adminUrl() + "/admin/routing")
                .then().statusCode(200).body("routing", equalTo("header:X-Tenant"));
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            nodes.add(Http.node(Http.get(fx.url() + "/", "X-Tenant", "acme")));
        }
        assertThat(nodes).hasSize(1);
        Admin.json().body("{\"routing\":\"round-robin\"}").put(fx.adminUrl() + "/admin/routing").then().statusCode(200);
        given().get(fx.adminUrl() + "/admin/routing").then().body("routing", equalTo("round-robin"));
    }

    @Test
    void badInputGetsAClear4xx() {
        String admin = fx.adminUrl();
        Admin.json().post(admin + "/admin/nodes/nope/drain").then().statusCode(404).body("error", containsString("nope"));
        Admin.json().get(admin + "/admin/nodes/nope").then().statusCode(404);
        Admin.json().post(admin + "/admin/nodes/node1/explode").then().statusCode(404).body("error", containsString("drain"));
        Admin.json().body("{not json").post(admin + "/admin/nodes").then().statusCode(400).body("error", containsString("malformed JSON"));
        Admin.json().body("{\"name\":\"x y\",\"url\":\"http://127.0.0.1:1\"}").post(admin + "/admin/nodes").then().statusCode(400);
        Admin.json().body("{\"name\":\"ok\",\"url\":\"ftp://127.0.0.1:1\"}").post(admin + "/admin/nodes").then().statusCode(400);
        Admin.json().body("{\"name\":\"ok\"}").post(admin + "/admin/nodes").then().statusCode(400);
        Admin.json().body("{\"routing\":\"sideways\"}").put(admin + "/admin/routing").then().statusCode(400)
                .body("error", containsString("least-requests"));
        Admin.json().body("{\"routing\":\"cookie\",\"extra\":1}").put(admin + "/admin/routing").then().statusCode(400);
        Admin.json().body("x".repeat(20_000)).put(admin + "/admin/routing").then().statusCode(413);
        Admin.json().get(admin + "/admin/nothing").then().statusCode(404);
        Admin.json().delete(admin + "/admin/routing").then().statusCode(405);
        given().get(admin + "/admin/routing").then().body("routing", equalTo("round-robin"));
    }

    @Test
    void withATokenEveryAdminCallNeedsIt() {
        try (BalancerFixture secured = BalancerFixture.start(1, "UNSTICK_ADMIN_TOKEN", "s3cret-token-0123456789",
                "UNSTICK_ADMIN_BIND_ADDRESS", "127.0.0.1")) {
            for (String path : List.of("/admin/nodes", "/admin/routing", "/metrics")) {
                given().get(secured.adminUrl() + path).then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
                given().header("Authorization", "Bearer wrong").get(secured.adminUrl() + path).then().statusCode(401);
                given().header("Authorization", "Bearer s3cret-token-0123456789").get(secured.adminUrl() + path).then().statusCode(200);
            }
            Admin.json().post(secured.adminUrl() + "/admin/nodes/node1/disable").then().statusCode(401);
            given().get(secured.adminUrl() + "/admin/nodes/node1").then().statusCode(401);
            assertThat(Http.node(Http.get(secured.url() + "/"))).as("the refused call changed nothing").isEqualTo("node1");
        }
    }
}
