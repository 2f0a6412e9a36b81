package io.unstick.shop;

import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** The HTML pages render, and their plain forms work without JavaScript (post, 303, get). */
class PagesIT {

    @RegisterExtension
    static final ShopFixture shop = new ShopFixture();

    private static RequestSpecification form(CookieFilter jar) {
        return shop.form(jar);
    }

    @Test
    void catalogShowsProductsAndTheServingNode() {
        shop.shopper().get("/").then()
                .statusCode(200)
                .contentType(ContentType.HTML)
                .header("X-Unstick-Node", ShopFixture.NODE)
                .body(containsString("Stoneware mug"))
                .body(containsString("action=\"/cart/add\""))
                .body(containsString("<b id=\"served-by\">" + ShopFixture.NODE + "</b>"))
                .body(containsString("(no session yet)"));
    }

    @Test
    void formsFillTheCartLogInAndCheckOut() {
        CookieFilter jar = new CookieFilter();

        form(jar).formParam("productId", "mug").formParam("quantity", "2").post("/cart/add").then()
                .statusCode(303).header("Location", equalTo("/cart"));
        form(jar).formParam("productId", "scale").formParam("quantity", "1").post("/cart/add").then().statusCode(303);
        shop.shopper(jar).get("/cart").then()
                .statusCode(200)
                .body(containsString("data-product=\"mug\""))
                .body(containsString("data-product=\"scale\""))
                .body(containsString("<th class=\"num\" id=\"total\">58.90</th>"))
                .body(containsString("<b id=\"session-origin\">" + ShopFixture.NODE + "</b>"));

        form(jar).formParam("productId", "mug").formParam("quantity", "3").post("/cart/set").then().statusCode(303);
        form(jar).formParam("productId", "scale").post("/cart/remove").then().statusCode(303);
        shop.shopper(jar).get("/cart").then()
                .body(containsString("name=\"quantity\" value=\"3\""))
                .body(not(containsString("data-product=\"scale\"")))
                .body(containsString("id=\"total\">36.00<"));

        shop.shopper(jar).get("/login").then().statusCode(200).body(containsString("name=\"username\""));
        form(jar).formParam("username", "dave").post("/login").then().statusCode(303).header("Location", equalTo("/"));
        shop.shopper(jar).get("/").then().body(containsString("Logged in as <b>dave</b>"));
        shop.shopper(jar).get("/login").then().body(containsString("You are logged in as <b>dave</b>"));

        form(jar).post("/checkout").then().statusCode(303).header("Location", equalTo("/orders"));
        shop.shopper(jar).get("/orders").then().statusCode(200)
                .body(containsString("class=\"order\""))
                .body(containsString("3 × Stoneware mug"));
        shop.shopper(jar).get("/cart").then().body(containsString("Your cart is empty"));

        form(jar).post("/logout").then().statusCode(303);
        shop.shopper(jar).get("/orders").then().body(containsString("No orders yet."));
    }

    @Test
    void aRefusedFormShowsAFriendlyMessage() {
        CookieFilter jar = new CookieFilter();
        form(jar).formParam("productId", "mug").formParam("quantity", "lots").post("/cart/add").then()
                .statusCode(400)
                .contentType(ContentType.HTML)
                .body(containsString("role=\"alert\">quantity must be a whole number"));
        form(jar).formParam("productId", "nope").formParam("quantity", "1").post("/cart/add").then()
                .statusCode(400).body(containsString("unknown product"));
        form(jar).formParam("username", "not ok").post("/login").then().statusCode(400).body(containsString("username must be"));
        form(jar).post("/checkout").then().statusCode(409).body(containsString("the cart is empty"));
        shop.shopper(jar).delete("/cart").then().statusCode(405);
        shop.shopper(jar).get("/cart/add").then().statusCode(405);
    }

    @Test
    void unknownPageIsAFriendly404() {
        shop.shopper().get("/does/not/exist").then()
                .statusCode(404)
                .contentType(ContentType.HTML)
                .header("X-Unstick-Node", ShopFixture.NODE)
                .body(containsString("There is no page at /does/not/exist."))
                .body(not(containsString("Apache Tomcat")));
    }
}
