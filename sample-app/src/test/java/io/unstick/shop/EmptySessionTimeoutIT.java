package io.unstick.shop;

import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.unstick.testsupport.FreePorts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * A session that holds nothing worth keeping lives only the short empty-session timeout (here 1 s); one with a cart
 * line or a login keeps the normal one. Watched through the node's metrics, which touch no session.
 */
class EmptySessionTimeoutIT {

    private static final Duration POLL_DEADLINE = Duration.ofSeconds(45);

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"STICKY", "SHARED"})
    void emptySessionsExpireSoonAndFullOnesStay(Mode mode) throws InterruptedException {
        int member = FreePorts.next();
        ShopConfig config = new ShopConfig(mode, "short-1", 0, List.of("127.0.0.1:" + member), member, "embedded")
                .withEmptySessionTimeout(Duration.ofSeconds(1));
        try (ShopServer node = ShopServer.start(config)) {
            String base = "http://127.0.0.1:" + node.port();
            CookieFilter onlyLooked = new CookieFilter();
            long lookedCreatedAt = client(base, onlyLooked).get("/api/session").then().statusCode(200)
                    .extract().jsonPath().getLong("createdAt");
            CookieFilter emptied = new CookieFilter();
            client(base, emptied).body(Map.of("productId", "mug", "quantity", 1)).post("/api/cart/items").then().statusCode(200);
            client(base, emptied).delete("/api/cart/items/mug").then().statusCode(200);
            CookieFilter withCart = new CookieFilter();
            client(base, withCart).body(Map.of("productId", "scale", "quantity", 2)).post("/api/cart/items").then().statusCode(200);
            CookieFilter loggedIn = new CookieFilter();
            client(base, loggedIn).body(Map.of("username", "ida")).post("/api/login").then().statusCode(200);

            String expired = mode == Mode.STICKY ? "tomcat_sessions_expired_sessions_total"
                    : "unstick_session_store_sessions_expired_total";
            awaitCounter(node, expired, 2);

            Response looked = client(base, onlyLooked).get("/api/session");
            looked.then().statusCode(200);
            assertThat(looked.jsonPath().getLong("createdAt")).as("the empty session is gone: a new one began")
                    .isNotEqualTo(lookedCreatedAt);
            assertThat(looked.getCookie("JSESSIONID")).as("a new session id").isNotNull();
            client(base, withCart).get("/api/cart").then().body("items", hasSize(1)).body("items[0].quantity", equalTo(2));
            client(base, loggedIn).get("/api/session").then().body("username", equalTo("ida"));
        }
    }

    private static void awaitCounter(ShopServer node, String counter, double atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + POLL_DEADLINE.toNanos();
        double value = 0;
        while (System.nanoTime() < deadline) {
            value = counter(given().baseUri("http://127.0.0.1:" + node.managementPort()).get("/metrics").asString(), counter);
            if (value >= atLeast) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(counter + " stayed at " + value + " for " + POLL_DEADLINE.toSeconds() + " s, expected "
                + atLeast);
    }

    private static double counter(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static RequestSpecification client(String base, CookieFilter jar) {
        return given().baseUri(base).filter(jar).contentType(ContentType.JSON);
    }
}
