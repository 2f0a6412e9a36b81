package io.unstick.shop;

import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.unstick.testsupport.FreePorts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** UNSTICK_MODE=shared and hybrid: two shop nodes, each embedding a Hazelcast member, share a shopper's cart. */
class SessionStoreModesIT {

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SHARED", "HYBRID"})
    void aCartFilledOnOneNodeIsReadOnTheOther(Mode mode) {
        try (TwoNodes nodes = TwoNodes.start(mode)) {
            ShopServer node1 = nodes.node1();
            ShopServer node2 = nodes.node2();
            CookieFilter jar = new CookieFilter();

            shopper(node1, jar).header("Idempotency-Key", "add-1").body(Map.of("productId", "mug", "quantity", 2))
                    .post("/api/cart/items").then().statusCode(200).header("X-Unstick-Node", "node1");
            // The key travels with the session: its retry on the other node makes nothing twice.
            shopper(node2, jar).header("Idempotency-Key", "add-1").body(Map.of("productId", "mug", "quantity", 2))
                    .post("/api/cart/items").then().statusCode(200).header("Idempotent-Replayed", "true");

            shopper(node2, jar).get("/api/cart").then()
                    .statusCode(200)
                    .header("X-Unstick-Node", "node2")
                    .body("items", hasSize(1))
                    .body("items[0].productId", equalTo("mug"))
                    .body("items[0].quantity", equalTo(2));

            // The store's counters are on each node's /metrics: node1 wrote the cart, node2 read it.
            assertThat(scrape(node1)).containsPattern("(?m)^unstick_session_store_writes_total\\{.*node=\"node1\".*\\} [1-9]");
            assertThat(scrape(node2)).containsPattern("(?m)^unstick_session_store_reads_total\\{.*node=\"node2\".*\\} [1-9]")
                    .contains("unstick_session_store_written_bytes_total", "tomcat_sessions_active_current_sessions");
        }
    }

    /**
     * One shopper whose consecutive requests alternate between the nodes, as least-requests routing does: each
     * request must see the previous one's change, so the commit has to land before the client gets its answer.
     */
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SHARED", "HYBRID"})
    void consecutiveRequestsOnAlternatingNodesLoseNoUpdate(Mode mode) {
        try (TwoNodes nodes = TwoNodes.start(mode)) {
            ShopServer node1 = nodes.node1();
            ShopServer node2 = nodes.node2();
            CookieFilter jar = new CookieFilter();
            int adds = 60;
            for (int i = 0; i < adds; i++) {
                ShopServer node = i % 2 == 0 ? node1 : node2;
                shopper(node, jar).body(Map.of("productId", i % 3 == 0 ? "mug" : "scale", "quantity", 1))
                        .post("/api/cart/items").then().statusCode(200)
                        .body("items.quantity.sum()", equalTo(i + 1));
            }
        }
    }

    /** Two shop nodes whose embedded Hazelcast members join each other over TCP-IP on loopback. */
    private record TwoNodes(ShopServer node1, ShopServer node2) implements AutoCloseable {

        static TwoNodes start(Mode mode) {
            int port1 = FreePorts.next();
            int port2 = FreePorts.next();
            List<String> members = List.of("127.0.0.1:" + port1, "127.0.0.1:" + port2);
            ShopServer node1 = ShopServer.start(new ShopConfig(mode, "node1", 0, members, port1, "embedded"));
            TwoNodes nodes;
            try {
                nodes = new TwoNodes(node1, ShopServer.start(new ShopConfig(mode, "node2", 0, members, port2, "embedded")));
            } catch (RuntimeException e) {
                node1.close();
                throw e;
            }
            try {
                nodes.awaitClusterSafe();
            } catch (RuntimeException | AssertionError e) {
                nodes.close();
                throw e;
            }
            return nodes;
        }

        /**
         * Until both are ready and every partition's backup is in sync: a request sent while the second member's
         * partitions migrate can wait past storeTimeoutMs and get 503 (seen once in CI on a loaded machine).
         */
        private void awaitClusterSafe() {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String health1 = "";
            String health2 = "";
            while (System.nanoTime() < deadline) {
                health1 = health(node1);
                health2 = health(node2);
                if (safe(health1) && safe(health2)) {
                    return;
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
            throw new AssertionError("The two members were not cluster-safe within 60 s: " + health1 + " / " + health2);
        }

        private static String health(ShopServer node) {
            return given().baseUri("http://127.0.0.1:" + node.managementPort()).get("/health").asString();
        }

        private static boolean safe(String health) {
            return health.contains("\"status\":\"UP\"") && health.contains("\"clusterSafe\":true");
        }

        @Override
        public void close() {
            try {
                node2.close();
            } finally {
                node1.close();
            }
        }
    }

    private static String scrape(ShopServer node) {
        return given().baseUri("http://127.0.0.1:" + node.managementPort()).get("/metrics").then().statusCode(200).extract().asString();
    }

    private static RequestSpecification shopper(ShopServer node, CookieFilter jar) {
        return given().baseUri("http://127.0.0.1:" + node.port()).filter(jar).contentType(ContentType.JSON);
    }
}
