package io.unstick.shop;

import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.unstick.shop.idempotency.AppliedChanges;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * The cart's changes and checkout with an {@code Idempotency-Key}, through a real Tomcat: a retry of a change that was
 * made makes nothing twice and says it is a replay; a key reused for another request is 422; a bad key is 400.
 */
class IdempotencyIT {

    @RegisterExtension
    static final ShopFixture shop = new ShopFixture();

    @Test
    void aReplayedAddAddsNothingAndSaysSo() {
        CookieFilter jar = new CookieFilter();
        String key = UUID.randomUUID().toString();
        // The first add has no session yet: it starts one, and the key is kept in it.
        add(jar, key, "mug", 2).statusCode(200).header("Idempotent-Replayed", nullValue())
                .body("items[0].quantity", equalTo(2));
        add(jar, key, "mug", 2).statusCode(200).header("Idempotent-Replayed", "true")
                .body("items", hasSize(1)).body("items[0].quantity", equalTo(2));
        add(jar, "\"" + key + "\"", "mug", 2).statusCode(200).header("Idempotent-Replayed", "true")
                .body("items[0].quantity", equalTo(2));
        add(jar, UUID.randomUUID().toString(), "mug", 2).statusCode(200).header("Idempotent-Replayed", nullValue())
                .body("items[0].quantity", equalTo(4));
        shop.shopper(jar).get("/api/cart").then().body("items[0].quantity", equalTo(4));
    }

    @Test
    void changesWithoutAKeyAreMadeEveryTime() {
        CookieFilter jar = new CookieFilter();
        for (int i = 1; i <= 3; i++) {
            shop.shopper(jar).body(Map.of("productId", "mug", "quantity", 1)).post("/api/cart/items").then()
                    .statusCode(200).header("Idempotent-Replayed", nullValue()).body("items[0].quantity", equalTo(i));
        }
    }

    @Test
    void aReplayedSetAndDeleteAnswerTheCartAsItIsNow() {
        CookieFilter jar = new CookieFilter();
        add(jar, UUID.randomUUID().toString(), "mug", 1).statusCode(200);
        add(jar, UUID.randomUUID().toString(), "scale", 1).statusCode(200);
        String set = UUID.randomUUID().toString();
        shop.shopper(jar).header("Idempotency-Key", set).body(Map.of("quantity", 5)).put("/api/cart/items/mug")
                .then().statusCode(200).body("items.find { it.productId == 'mug' }.quantity", equalTo(5));
        String delete = UUID.randomUUID().toString();
        shop.shopper(jar).header("Idempotency-Key", delete).delete("/api/cart/items/scale").then().statusCode(200)
                .header("Idempotent-Replayed", nullValue()).body("items", hasSize(1));

        // Replayed: the line is gone already, which is what the client asked for: 200, not 404.
        shop.shopper(jar).header("Idempotency-Key", delete).delete("/api/cart/items/scale").then().statusCode(200)
                .header("Idempotent-Replayed", "true").body("items", hasSize(1));
        shop.shopper(jar).header("Idempotency-Key", set).body(Map.of("quantity", 5)).put("/api/cart/items/mug")
                .then().statusCode(200).header("Idempotent-Replayed", "true").body("items[0].quantity", equalTo(5));
        // Without a key the same delete is a new request, refused as before.
        shop.shopper(jar).delete("/api/cart/items/scale").then().statusCode(404);
    }

    @Test
    void aReplayedCheckoutAnswersItsOrderAndPlacesNoOther() {
        CookieFilter jar = new CookieFilter();
        add(jar, UUID.randomUUID().toString(), "mug", 3).statusCode(200);
        String key = UUID.randomUUID().toString();
        String orderId = shop.shopper(jar).header("Idempotency-Key", key).post("/api/checkout").then()
                .statusCode(200).header("Idempotent-Replayed", nullValue()).body("items[0].quantity", equalTo(3))
                .extract().path("orderId");
        add(jar, UUID.randomUUID().toString(), "scale", 1).statusCode(200);

        shop.shopper(jar).header("Idempotency-Key", key).post("/api/checkout").then().statusCode(200)
                .header("Idempotent-Replayed", "true").body("orderId", equalTo(orderId))
                .body("items", hasSize(1)).body("items[0].productId", equalTo("mug"));
        shop.shopper(jar).get("/api/orders").then().body("", hasSize(1));
        shop.shopper(jar).get("/api/cart").then().body("items[0].productId", equalTo("scale"));
    }

    @Test
    void aKeyReusedForAnotherRequestIs422AndChangesNothing() {
        CookieFilter jar = new CookieFilter();
        String key = UUID.randomUUID().toString();
        add(jar, key, "mug", 1).statusCode(200);

        add(jar, key, "mug", 2).statusCode(422).contentType(ContentType.JSON)
                .body("error", containsString("used for a different request"));
        add(jar, key, "scale", 1).statusCode(422);
        shop.shopper(jar).header("Idempotency-Key", key).body(Map.of("quantity", 1)).put("/api/cart/items/mug")
                .then().statusCode(422);
        shop.shopper(jar).header("Idempotency-Key", key).delete("/api/cart/items/mug").then().statusCode(422);
        shop.shopper(jar).header("Idempotency-Key", key).post("/api/checkout").then().statusCode(422);
        shop.shopper(jar).get("/api/cart").then().body("items", hasSize(1)).body("items[0].quantity", equalTo(1));
        shop.shopper(jar).get("/api/orders").then().body("", hasSize(0));
    }

    @Test
    void aBadKeyIs400AndChangesNothing() {
        CookieFilter jar = new CookieFilter();
        add(jar, UUID.randomUUID().toString(), "mug", 1).statusCode(200);
        for (String bad : new String[] {"", "two words", "k\u00e9y", "x".repeat(65)}) {
            add(jar, bad, "mug", 1).statusCode(400).contentType(ContentType.JSON)
                    .body("error", containsString("Idempotency-Key must be 1-64 characters"));
        }
        shop.shopper(jar).header("Idempotency-Key", "a b").post("/api/checkout").then().statusCode(400);
        shop.shopper(jar).get("/api/cart").then().body("items[0].quantity", equalTo(1));
        shop.shopper(jar).get("/api/orders").then().body("", hasSize(0));
    }

    /** A refused change is not remembered: once the refusal is gone, the same key makes it. */
    @Test
    void aRefusedChangeIsNotRemembered() {
        CookieFilter jar = new CookieFilter();
        add(jar, UUID.randomUUID().toString(), "mug", 99).statusCode(200);
        String key = UUID.randomUUID().toString();
        add(jar, key, "mug", 1).statusCode(409);
        shop.shopper(jar).body(Map.of("quantity", 1)).put("/api/cart/items/mug").then().statusCode(200);
        add(jar, key, "mug", 1).statusCode(200).header("Idempotent-Replayed", nullValue())
                .body("items[0].quantity", equalTo(2));
    }

    /** The session keeps the last {@link AppliedChanges#CAPACITY} keys: an older one is a new change again. */
    @Test
    void aSessionRemembersOnlyItsLatestKeys() {
        CookieFilter jar = new CookieFilter();
        String first = UUID.randomUUID().toString();
        add(jar, first, "mug", 1).statusCode(200);
        String last = null;
        for (int i = 0; i < AppliedChanges.CAPACITY; i++) {
            last = UUID.randomUUID().toString();
            shop.shopper(jar).header("Idempotency-Key", last).body(Map.of("quantity", 1 + i % 9))
                    .put("/api/cart/items/scale").then().statusCode(200);
        }
        shop.shopper(jar).header("Idempotency-Key", last).body(Map.of("quantity", 1 + (AppliedChanges.CAPACITY - 1) % 9))
                .put("/api/cart/items/scale").then().statusCode(200).header("Idempotent-Replayed", "true");
        add(jar, first, "mug", 1).statusCode(200).header("Idempotent-Replayed", nullValue())
                .body("items.find { it.productId == 'mug' }.quantity", equalTo(2));
    }

    private static ValidatableResponse add(CookieFilter jar, String key, String productId, int quantity) {
        return shop.shopper(jar).header("Idempotency-Key", key)
                .body(Map.of("productId", productId, "quantity", quantity)).post("/api/cart/items").then();
    }
}
