package io.unstick.shop;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.unstick.testsupport.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * Every error on the JSON API is {@code {"error": ...}}, also those the shop's servlets never see: Tomcat's own 400
 * and 405, and the session store's 503. Pages get an HTML page instead. Never a stack trace.
 */
class ApiErrorsIT {

    @RegisterExtension
    static final ShopFixture shop = new ShopFixture();

    @Test
    void unknownEndpointsAndWrongMethodsAreJson() {
        shop.shopper().get("/api/nothing/here").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", containsString("no such endpoint"));
        shop.shopper().patch("/api/cart").then().statusCode(405).contentType(ContentType.JSON)
                .header("Allow", "GET").body("error", containsString("PATCH is not allowed"));
    }

    @Test
    void tomcatsOwnRefusalsUnderTheApiAreJson() {
        RawHttp.Answer trace = RawHttp.send(shop.port(), "TRACE", "/api/cart", Map.of(), null);
        assertThat(trace.status()).isEqualTo(405);
        assertThat(trace.header("Content-Type")).startsWith("application/json");
        assertThat(trace.body()).startsWith("{\"error\":");

        RawHttp.Answer malformed = RawHttp.send(shop.port(), "GET", "/api/cart/items/%zz", Map.of(), null);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("Content-Type")).startsWith("application/json");
        assertThat(malformed.body()).startsWith("{\"error\":").doesNotContain("Exception", "at org.");
        assertThat(malformed.header("X-Unstick-Node")).isEqualTo(ShopFixture.NODE);
    }

    @Test
    void outsideTheApiTheyArePages() {
        RawHttp.Answer malformed = RawHttp.send(shop.port(), "GET", "/cart/%zz", Map.of(), null);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("Content-Type")).startsWith("text/html");
        assertThat(malformed.body()).contains("<title>Error 400 · unstick shop</title>").doesNotContain("Tomcat");
    }

    /** A store that cannot answer: the session store's valve answers 503, and it reaches the client as JSON. */
    @Test
    void aSessionStoreThatIsGoneIsA503InJson() {
        int member = FreePorts.next();
        try (ShopServer node = ShopServer.start(new ShopConfig(Mode.SHARED, "errors-1", 0,
                List.of("127.0.0.1:" + member), member, "embedded"))) {
            String base = "http://127.0.0.1:" + node.port();
            CookieFilter jar = new CookieFilter();
            given().baseUri(base).filter(jar).contentType(ContentType.JSON)
                    .body(Map.of("productId", "mug", "quantity", 1)).post("/api/cart/items").then().statusCode(200);

            HazelcastInstance store = Hazelcast.getHazelcastInstanceByName("unstick-unstick-" + member);
            assertThat(store).as("the node's embedded member").isNotNull();
            store.shutdown();

            given().baseUri(base).filter(jar).get("/api/cart").then()
                    .statusCode(503).contentType(ContentType.JSON)
                    .header("X-Unstick-Node", "errors-1")
                    .header("X-Content-Type-Options", "nosniff")
                    .body("error", not(containsString("Exception")))
                    .body("size()", equalTo(1));
            given().baseUri(base).filter(jar).get("/cart").then()
                    .statusCode(503).contentType(ContentType.HTML).body(not(containsString("Exception")));
            // A change's outcome is unknown: the client is told so, and how to retry without making it twice.
            given().baseUri(base).filter(jar).get("/api/cart").then()
                    .body("error", not(containsString("Idempotency-Key")));
            given().baseUri(base).filter(jar).contentType(ContentType.JSON).header("Idempotency-Key", "k1")
                    .body(Map.of("productId", "mug", "quantity", 1)).post("/api/cart/items").then()
                    .statusCode(503).contentType(ContentType.JSON).header("Retry-After", "1")
                    .body("error", containsString("may or may not have been applied"))
                    .body("error", containsString("same Idempotency-Key"))
                    .body("size()", equalTo(1));
        }
    }
}
