package io.unstick.shop;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenario every peer session manager (UNSTICK_SESSION_MANAGER) must pass on the shop's embedded Tomcat 11, with two real nodes: a session
 * filled on one node is served whole by the other — its cart, then a login there (a new session id), then a logout.
 * The peers replicate asynchronously or find each other by pinging, so reads on the other node poll with a deadline.
 */
abstract class PeerSessionManagerScenario {

    private static final Duration REPLICATION = Duration.ofSeconds(20);

    /** Node {@code index} (1 or 2) of this peer's two-node cluster: sticky or shared, names node1 and node2. */
    abstract ShopConfig node(int index);

    /** The class of Tomcat session manager the nodes must run, as their management {@code /health} names it. */
    abstract String manager();

    /**
     * Whether the other node always sees what a request changed in a session together with the new id that request
     * gave it (a login). Tomcat's DeltaManager with the clustering how-to's asynchronous defaults does not: the id
     * change and the request's changes leave as two messages through a pool of sender threads, and a change that
     * arrives before its id is dropped (observed in CI: the renewed session on the other node without its login).
     */
    boolean keepsChangesMadeWithANewId() {
        return true;
    }

    @Test
    void aSessionFilledOnOneNodeIsServedWholeByTheOther() throws InterruptedException {
        try (ShopServer node1 = ShopServer.start(node(1)); ShopServer node2 = ShopServer.start(node(2))) {
            for (ShopServer node : List.of(node1, node2)) {
                assertThat(given().baseUri("http://127.0.0.1:" + node.managementPort()).get("/health").jsonPath()
                        .getString("sessionManager")).as("the node runs the peer, not the mode's manager").isEqualTo(manager());
            }

            Response added = json(node1).body(Map.of("productId", "mug", "quantity", 2)).post("/api/cart/items");
            assertThat(added.statusCode()).isEqualTo(200);
            String session = added.getCookie("JSESSIONID");
            assertThat(session).as("node1 started a session").endsWith(".node1");
            long createdAt = json(node1).cookie("JSESSIONID", session).get("/api/session").jsonPath().getLong("createdAt");

            Response cart = poll(node2, session, "/api/cart", answer -> !answer.jsonPath().getList("items").isEmpty());
            assertThat(cart.header("X-Unstick-Node")).isEqualTo("node2");
            assertThat(cart.jsonPath().getList("items.productId")).containsExactly("mug");
            assertThat(cart.jsonPath().getInt("items[0].quantity")).isEqualTo(2);

            Response login = json(node2).cookie("JSESSIONID", session).body(Map.of("username", "ann")).post("/api/login");
            assertThat(login.statusCode()).isEqualTo(200);
            String renewed = login.getCookie("JSESSIONID");
            assertThat(renewed).as("login changes the session id").isNotNull().isNotEqualTo(session);
            assertThat(json(node2).cookie("JSESSIONID", renewed).get("/api/cart").jsonPath().getList("items.productId"))
                    .as("the cart kept across the login").containsExactly("mug");
            Predicate<Response> sameSession = answer -> answer.jsonPath().getLong("createdAt") == createdAt;
            if (keepsChangesMadeWithANewId()) {
                assertThat(poll(node1, renewed, "/api/session",
                        sameSession.and(answer -> "ann".equals(answer.jsonPath().getString("username"))))
                        .jsonPath().getString("username")).as("node1 serves the renewed session").isEqualTo("ann");
            } else {
                poll(node1, renewed, "/api/session", sameSession);
                assertThat(json(node1).cookie("JSESSIONID", renewed).get("/api/cart").jsonPath().getList("items.productId"))
                        .as("node1 serves the renewed session with its cart").containsExactly("mug");
            }

            assertThat(json(node2).cookie("JSESSIONID", renewed).post("/api/logout").statusCode()).isEqualTo(204);
            assertThat(json(node2).cookie("JSESSIONID", renewed).get("/api/cart").jsonPath().getList("items"))
                    .as("logged out: no cart").isEmpty();
        }
    }

    private static Response poll(ShopServer node, String session, String path, Predicate<Response> until)
            throws InterruptedException {
        long deadline = System.nanoTime() + REPLICATION.toNanos();
        Response answer = json(node).cookie("JSESSIONID", session).get(path);
        while (!(answer.statusCode() == 200 && until.test(answer)) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            answer = json(node).cookie("JSESSIONID", session).get(path);
        }
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(until).as("%s on %s within %s: %s", path, node.config().nodeName(), REPLICATION, answer.asString())
                .accepts(answer);
        return answer;
    }

    private static io.restassured.specification.RequestSpecification json(ShopServer node) {
        return given().baseUri("http://127.0.0.1:" + node.port()).contentType(ContentType.JSON);
    }
}
