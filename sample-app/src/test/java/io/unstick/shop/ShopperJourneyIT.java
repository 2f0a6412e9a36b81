package io.unstick.shop;

import io.restassured.filter.cookie.CookieFilter;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** The whole shopper journey through the JSON API, on a real embedded Tomcat. */
class ShopperJourneyIT {

    @RegisterExtension
    static final ShopFixture shop = new ShopFixture();

    @Test
    void browseFillTheCartLogInCheckOutAndLogOut() {
        CookieFilter jar = new CookieFilter();

        shop.shopper(jar).get("/api/products").then()
                .statusCode(200)
                .header("X-Unstick-Node", ShopFixture.NODE)
                .body("size()", greaterThanOrEqualTo(20))
                .body("find { it.id == 'mug' }.priceCents", equalTo(1200));

        shop.shopper(jar).get("/api/cart").then()
                .statusCode(200).body("items", hasSize(0)).body("totalCents", equalTo(0));

        Response added = shop.shopper(jar).body(Map.of("productId", "mug", "quantity", 2)).post("/api/cart/items");
        added.then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].productId", equalTo("mug"))
                .body("items[0].name", equalTo("Stoneware mug"))
                .body("items[0].quantity", equalTo(2))
                .body("items[0].priceCents", equalTo(1200))
                .body("totalCents", equalTo(2400));
        String firstSessionId = added.cookie("JSESSIONID");
        assertThat(firstSessionId).endsWith("." + ShopFixture.NODE);

        shop.shopper(jar).body(Map.of("productId", "scale", "quantity", 1)).post("/api/cart/items").then()
                .statusCode(200).body("items", hasSize(2)).body("totalCents", equalTo(2400 + 3490));
        shop.shopper(jar).body(Map.of("quantity", 5)).put("/api/cart/items/mug").then()
                .statusCode(200).body("items.find { it.productId == 'mug' }.quantity", equalTo(5))
                .body("totalCents", equalTo(6000 + 3490));
        shop.shopper(jar).delete("/api/cart/items/scale").then()
                .statusCode(200).body("items", hasSize(1)).body("totalCents", equalTo(6000));

        shop.shopper(jar).get("/api/session").then()
                .statusCode(200)
                .body("createdOn", equalTo(ShopFixture.NODE))
                .body("username", nullValue())
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("id")));

        Response login = shop.shopper(jar).body(Map.of("username", "ann.lee_1")).post("/api/login");
        login.then().statusCode(200).body("username", equalTo("ann.lee_1")).body("createdOn", equalTo(ShopFixture.NODE));
        assertThat(login.cookie("JSESSIONID")).as("login changes the session id").isNotNull().isNotEqualTo(firstSessionId);
        shop.shopper(jar).get("/api/cart").then()
                .statusCode(200).body("items[0].productId", equalTo("mug")).body("items[0].quantity", equalTo(5));

        Response checkout = shop.shopper(jar).post("/api/checkout");
        checkout.then().statusCode(200)
                .body("orderId", org.hamcrest.Matchers.notNullValue())
                .body("items", hasSize(1))
                .body("totalCents", equalTo(6000));
        String orderId = checkout.path("orderId");
        shop.shopper(jar).get("/api/cart").then().body("items", hasSize(0));
        List<String> orderIds = shop.shopper(jar).get("/api/orders").then().statusCode(200).extract().path("orderId");
        assertThat(orderIds).containsExactly(orderId);

        shop.shopper(jar).post("/api/logout").then().statusCode(204);
        shop.shopper(jar).get("/api/orders").then().statusCode(200).body("$", hasSize(0));
        shop.shopper(jar).get("/api/session").then().statusCode(200).body("username", nullValue());
    }

    @Test
    void oldSessionIdIsWorthlessAfterLogin() {
        CookieFilter jar = new CookieFilter();
        String before = shop.shopper(jar).body(Map.of("productId", "mug", "quantity", 1)).post("/api/cart/items").cookie("JSESSIONID");
        shop.shopper(jar).body(Map.of("username", "bob")).post("/api/login").then().statusCode(200);

        shop.shopper().cookie("JSESSIONID", before).get("/api/cart").then()
                .statusCode(200).body("items", hasSize(0));
    }

    @Test
    void everyResponseNamesTheNode() {
        shop.shopper().get("/health").then()
                .statusCode(200).header("X-Unstick-Node", ShopFixture.NODE)
                .body("status", equalTo("UP")).body("node", equalTo(ShopFixture.NODE));
        shop.shopper().get("/api/no-such-thing").then().statusCode(404).header("X-Unstick-Node", ShopFixture.NODE);
        shop.shopper().get("/no-such-page").then().statusCode(404).header("X-Unstick-Node", ShopFixture.NODE);
    }

    @Test
    void metricsArePrometheusTextWithTomcatSessions() {
        shop.shopper().body(Map.of("productId", "mug", "quantity", 1)).post("/api/cart/items").then().statusCode(200);
        String metrics = given().baseUri("http://127.0.0.1:" + shop.managementPort()).get("/metrics").then()
                .statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/plain"))
                .extract().asString();
        assertThat(metrics)
                .containsPattern("(?m)^tomcat_sessions_created_sessions_total\\{.*node=\"" + ShopFixture.NODE + "\".*\\} [1-9]")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void browsingWithoutBuyingStartsNoSession() {
        Response products = shop.shopper().get("/api/products");
        Response cart = shop.shopper().get("/api/cart");
        assertThat(products.cookie("JSESSIONID")).isNull();
        assertThat(cart.cookie("JSESSIONID")).isNull();
    }
}
