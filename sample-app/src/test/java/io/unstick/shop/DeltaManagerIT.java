package io.unstick.shop;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * UNSTICK_SESSION_MANAGER=delta: two sticky nodes running Tomcat's DeltaManager on a Tribes cluster with static
 * membership on loopback (no multicast) share a session: a cart filled on one node is read on the other.
 */
class DeltaManagerIT {

    @Test
    void aCartFilledOnOneNodeIsReplicatedToTheOther() throws InterruptedException {
        int tribes1 = FreePorts.next();
        int tribes2 = FreePorts.next();
        List<String> members = List.of("127.0.0.1:" + tribes1, "127.0.0.1:" + tribes2);
        try (ShopServer node1 = ShopServer.start(delta("node1", tribes1, members));
             ShopServer node2 = ShopServer.start(delta("node2", tribes2, members))) {
            assertThat(node1.config().deltaCluster()).isNotNull();

            Response added = given().baseUri("http://127.0.0.1:" + node1.port()).contentType(ContentType.JSON)
                    .body(Map.of("productId", "mug", "quantity", 2)).post("/api/cart/items");
            assertThat(added.statusCode()).isEqualTo(200);
            String session = added.getCookie("JSESSIONID");
            assertThat(session).as("node1 started a session").endsWith(".node1");

            // Replication is asynchronous, and the members find each other by pinging: allow it a few seconds.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Response cart;
            do {
                Thread.sleep(200);
                cart = given().baseUri("http://127.0.0.1:" + node2.port()).cookie("JSESSIONID", session).get("/api/cart");
            } while (cart.jsonPath().getList("items").isEmpty() && System.nanoTime() < deadline);

            assertThat(cart.statusCode()).isEqualTo(200);
            assertThat(cart.header("X-Unstick-Node")).isEqualTo("node2");
            assertThat(cart.jsonPath().getList("items.productId")).containsExactly("mug");
            assertThat(cart.jsonPath().getInt("items[0].quantity")).isEqualTo(2);
        }
    }

    private static ShopConfig delta(String node, int tribesPort, List<String> members) {
        return ShopConfig.fromEnvironment(Map.of("UNSTICK_MODE", "sticky", "UNSTICK_NODE_NAME", node, "UNSTICK_PORT", "0",
                "UNSTICK_MANAGEMENT_PORT", "0",
                "UNSTICK_SESSION_MANAGER", "delta", "UNSTICK_TRIBES_PORT", String.valueOf(tribesPort),
                "UNSTICK_TRIBES_MEMBERS", String.join(",", members)));
    }
}
