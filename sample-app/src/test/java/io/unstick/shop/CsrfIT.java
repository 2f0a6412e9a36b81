package io.unstick.shop;

import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Every HTML form post needs this browser's CSRF token: a missing, wrong, foreign or pre-login token gets 403 and
 * changes nothing; reading pages never starts a session to hold a token.
 */
class CsrfIT {

    private static final String EXPIRED = "This form has expired or did not come from this shop";

    @RegisterExtension
    static final ShopFixture shop = new ShopFixture();

    @Test
    void aCookielessVisitorGetsATokenInACookieAndNoSession() {
        Response page = given().baseUri(shop.baseUri()).get("/");

        page.then().statusCode(200);
        String cookie = page.getCookie("UNSTICK_CSRF");
        assertThat(cookie).hasSize(43);
        assertThat(ShopFixture.formToken(page.asString())).isEqualTo(cookie);
        assertThat(page.getDetailedCookie("UNSTICK_CSRF").isHttpOnly()).isTrue();
        assertThat(page.getDetailedCookie("UNSTICK_CSRF").getSameSite()).isEqualTo("Lax");
        assertThat(page.getCookie("JSESSIONID")).as("a page read starts no session").isNull();
        for (String path : new String[] {"/cart", "/login", "/orders", "/no/such/page"}) {
            Response other = given().baseUri(shop.baseUri()).get(path);
            assertThat(other.getCookie("JSESSIONID")).as("GET %s starts no session", path).isNull();
        }
    }

    @Test
    void aFormPostWithoutATokenIsRefusedAndStartsNoSession() {
        CookieFilter jar = new CookieFilter();
        shop.formToken(jar); // the visitor has seen the catalog and holds the cookie

        Response refused = shop.shopper(jar).contentType(ContentType.URLENC)
                .formParam("productId", "mug").formParam("quantity", "1").post("/cart/add");

        refused.then().statusCode(403).contentType(ContentType.HTML).body(containsString(EXPIRED));
        assertThat(refused.getCookie("JSESSIONID")).isNull();
        shop.shopper(jar).get("/api/cart").then().body("items", hasSize(0));
    }

    @Test
    void aCookielessPostWithAGuessedTokenIsRefused() {
        given().baseUri(shop.baseUri()).contentType(ContentType.URLENC).formParam("_csrf", "x".repeat(43))
                .formParam("username", "mallory").redirects().follow(false).post("/login")
                .then().statusCode(403).body(containsString(EXPIRED));
    }

    @Test
    void wrongMissingOrForeignTokensChangeNothingInASession() {
        CookieFilter victim = new CookieFilter();
        shop.form(victim).formParam("productId", "mug").formParam("quantity", "2").post("/cart/add").then().statusCode(303);
        shop.form(victim).formParam("username", "vera").post("/login").then().statusCode(303);
        String attackersToken = shop.formToken(new CookieFilter()); // valid, but another browser's

        for (String token : new String[] {null, "", "x".repeat(43), attackersToken}) {
            var post = shop.shopper(victim).contentType(ContentType.URLENC);
            if (token != null) {
                post.formParam("_csrf", token);
            }
            post.formParam("productId", "mug").formParam("quantity", "5").post("/cart/set").then().statusCode(403);
            shop.shopper(victim).contentType(ContentType.URLENC).formParam("_csrf", token == null ? "" : token)
                    .post("/checkout").then().statusCode(403);
            shop.shopper(victim).contentType(ContentType.URLENC).formParam("_csrf", token == null ? "" : token)
                    .post("/logout").then().statusCode(403);
            shop.shopper(victim).contentType(ContentType.URLENC).formParam("_csrf", token == null ? "" : token)
                    .formParam("username", "mallory").post("/login").then().statusCode(403);
        }

        shop.shopper(victim).get("/api/session").then().body("username", equalTo("vera"));
        shop.shopper(victim).get("/api/cart").then().body("items", hasSize(1)).body("items[0].quantity", equalTo(2));
        shop.shopper(victim).get("/api/orders").then().body("", hasSize(0));
    }

    /** Someone who can write this site's cookies plants their own token pair: the session's own token still rules. */
    @Test
    void aPlantedCookieDoesNotMatchTheSessionsToken() {
        CookieFilter victim = new CookieFilter();
        shop.form(victim).formParam("productId", "mug").formParam("quantity", "1").post("/cart/add").then().statusCode(303);
        String planted = shop.formToken(new CookieFilter());
        String sessionId = shop.sessionId(victim);

        given().baseUri(shop.baseUri()).redirects().follow(false)
                .cookie("JSESSIONID", sessionId).cookie("UNSTICK_CSRF", planted)
                .contentType(ContentType.URLENC).formParam("_csrf", planted).post("/checkout")
                .then().statusCode(403);

        shop.shopper(victim).get("/api/orders").then().body("", hasSize(0));
    }

    @Test
    void loggingInMakesTheTokenSeenBeforeWorthless() {
        CookieFilter jar = new CookieFilter();
        String beforeLogin = shop.formToken(jar);
        shop.shopper(jar).contentType(ContentType.URLENC).formParam("_csrf", beforeLogin)
                .formParam("username", "lena").post("/login").then().statusCode(303);

        String afterLogin = shop.formToken(jar);
        assertThat(afterLogin).isNotEqualTo(beforeLogin);
        given().baseUri(shop.baseUri()).redirects().follow(false)
                .cookie("JSESSIONID", shop.sessionId(jar)).cookie("UNSTICK_CSRF", beforeLogin)
                .contentType(ContentType.URLENC).formParam("_csrf", beforeLogin)
                .formParam("productId", "mug").formParam("quantity", "1").post("/cart/add")
                .then().statusCode(403);
        shop.shopper(jar).contentType(ContentType.URLENC).formParam("_csrf", afterLogin)
                .formParam("productId", "mug").formParam("quantity", "1").post("/cart/add").then().statusCode(303);
        shop.shopper(jar).get("/api/cart").then().body("items", hasSize(1));
    }

    @Test
    void formsOfAnEndedSessionStillWorkWithTheBrowsersToken() {
        CookieFilter jar = new CookieFilter();
        shop.form(jar).formParam("username", "otto").post("/login").then().statusCode(303);
        String token = shop.formToken(jar);
        shop.shopper(jar).contentType(ContentType.URLENC).formParam("_csrf", token).post("/logout").then().statusCode(303);

        shop.shopper(jar).contentType(ContentType.URLENC).formParam("_csrf", token)
                .formParam("productId", "scale").formParam("quantity", "1").post("/cart/add").then().statusCode(303);
        shop.shopper(jar).get("/api/cart").then().body("items[0].productId", equalTo("scale"));
    }

    @Test
    void theApiNeedsNoFormToken() {
        shop.shopper().body(Map.of("productId", "mug", "quantity", 1)).post("/api/cart/items").then().statusCode(200);
    }
}
