package io.unstick.shop;

import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** UNSTICK_MODE=shared and hybrid: two shop nodes, each embedding a Hazelcast member, share a shopper's cart. */
class SessionStoreModesIT {

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SHARED", "HYBRID"})
    void aCartFilledOnOneNodeIsReadOnTheOther(Mode mode) {
        int port1 = FreePorts.next();
        int port2 = FreePorts.next();
        List<String> members = List.of("127.0.0.1:" + port1, "127.0.0.1:" + port2);
        try (ShopServer node1 = ShopServer.start(new ShopConfig(mode, "node1", 0, members, port1, "embedded"));
             ShopServer node2 = ShopServer.start(new ShopConfig(mode, "node2", 0, members, port2, "embedded"))) {
            CookieFilter jar = new CookieFilter();

            shopper(node1, jar).body(Map.of("productId", "mug", "quantity", 2)).post("/api/cart/items")
                    .then().statusCode(200).header("X-Unstick-Node", "node1");

            shopper(node2, jar).get("/api/cart").then()
                    .statusCode(200)
                    .header("X-Unstick-Node", "node2")
                    .body("items", hasSize(1))
                    .body("items[0].productId", equalTo("mug"))
                    .body("items[0].quantity", equalTo(2));
        }
    }

    private static RequestSpecification shopper(ShopServer node, CookieFilter jar) {
        return given().baseUri("http://127.0.0.1:" + node.port()).filter(jar).contentType(ContentType.JSON);
    }
}
