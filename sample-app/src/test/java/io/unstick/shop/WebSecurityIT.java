package io.unstick.shop;

import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/**
 * What a browser on another site cannot make the shop do, and the headers that keep pages out of frames:
 * cross-site writes, framing, content sniffing, session ids in URLs, bodies that are not JSON.
 */
class WebSecurityIT {

    @RegisterExtension
    static final ShopFixture shop = new ShopFixture();

    // ------------------------------------------------------------------ cross-site writes

    @ParameterizedTest(name = "Sec-Fetch-Site: {0}")
    @ValueSource(strings = {"cross-site", "same-site"})
    void aWriteThatTheBrowserMarksCrossSiteIsRefusedAndChangesNothing(String site) {
        CookieFilter victim = withOneMug();

        Response refused = shop.shopper(victim).header("Sec-Fetch-Site", site)
                .body(Map.of("productId", "scale", "quantity", 1)).post("/api/cart/items");

        refused.then().statusCode(403).contentType(ContentType.JSON).body("error", containsString("cross-origin"));
        shop.shopper(victim).header("Sec-Fetch-Site", site).delete("/api/cart/items/mug").then().statusCode(403);
        shop.shopper(victim).header("Sec-Fetch-Site", site).post("/api/logout").then().statusCode(403);
        assertOneMug(victim);
    }

    @ParameterizedTest(name = "Origin: {0}")
    @ValueSource(strings = {"http://evil.example", "null", "http://127.0.0.1:1", "not a url"})
    void aWriteFromAnotherOriginIsRefused(String origin) {
        CookieFilter victim = withOneMug();

        shop.shopper(victim).header("Origin", origin).body(Map.of("quantity", 7)).put("/api/cart/items/mug")
                .then().statusCode(403).contentType(ContentType.JSON).body("error", containsString("cross-origin"));
        assertOneMug(victim);
    }

    @Test
    void aCrossSiteWriteStartsNoSession() {
        Response refused = shop.shopper().header("Origin", "http://evil.example")
                .body(Map.of("productId", "mug", "quantity", 1)).post("/api/cart/items");
        refused.then().statusCode(403);
        assertThat(refused.getCookie("JSESSIONID")).isNull();
    }

    @Test
    void sameOriginAndNonBrowserWritesPass() {
        String origin = shop.baseUri();
        shop.shopper().header("Sec-Fetch-Site", "same-origin").body(Map.of("productId", "mug", "quantity", 1))
                .post("/api/cart/items").then().statusCode(200);
        shop.shopper().header("Sec-Fetch-Site", "none").body(Map.of("productId", "mug", "quantity", 1))
                .post("/api/cart/items").then().statusCode(200);
        shop.shopper().header("Origin", origin).body(Map.of("productId", "mug", "quantity", 1))
                .post("/api/cart/items").then().statusCode(200);
        shop.shopper().body(Map.of("productId", "mug", "quantity", 1)).post("/api/cart/items").then().statusCode(200);
    }

    @Test
    void aCrossSiteFormPostIsRefusedEvenWithAValidToken() {
        CookieFilter victim = new CookieFilter();
        shop.form(victim).header("Origin", "http://evil.example").formParam("productId", "mug").formParam("quantity", "1")
                .post("/cart/add").then().statusCode(403).contentType(ContentType.HTML);
        shop.shopper(victim).get("/api/cart").then().body("items", hasSize(0));
    }

    @Test
    void readsFromAnywherePass() {
        shop.shopper().header("Sec-Fetch-Site", "cross-site").get("/api/products").then().statusCode(200);
    }

    // ------------------------------------------------------------------ headers

    @Test
    void everyKindOfResponseCarriesTheAntiFramingAndNoSniffHeaders() {
        CookieFilter jar = withOneMug();
        assertSecurityHeaders(shop.shopper(jar).get("/").then().statusCode(200));
        assertSecurityHeaders(shop.shopper(jar).get("/cart").then().statusCode(200));
        assertSecurityHeaders(shop.shopper(jar).get("/api/cart").then().statusCode(200));
        assertSecurityHeaders(shop.shopper(jar).get("/health").then().statusCode(200));
        assertSecurityHeaders(shop.shopper(jar).get("/no/such/page").then().statusCode(404));
        assertSecurityHeaders(shop.shopper(jar).get("/api/nothing").then().statusCode(404));
        assertSecurityHeaders(shop.shopper(jar).header("Origin", "http://evil.example").post("/api/logout").then().statusCode(403));
        RawHttp.Answer malformed = RawHttp.send(shop.port(), "GET", "/api/%zz", Map.of(), null);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(malformed.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
        assertThat(malformed.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void thePagesPolicyAllowsTheirInlineStyleByHashAndNothingElse() {
        String policy = shop.shopper().get("/").then().extract().header("Content-Security-Policy");
        assertThat(policy).startsWith("default-src 'none'; style-src 'sha256-")
                .contains("form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'")
                .doesNotContain("unsafe");
    }

    private static void assertSecurityHeaders(ValidatableResponse response) {
        response.header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Unstick-Node", ShopFixture.NODE);
    }

    // ------------------------------------------------------------------ session ids only in cookies

    @Test
    void aSessionIdInTheUrlIsNotHonoured() {
        CookieFilter victim = withOneMug();
        String victimsId = shop.sessionId(victim);

        RawHttp.Answer read = RawHttp.send(shop.port(), "GET", "/api/cart;jsessionid=" + victimsId, Map.of(), null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).contains("\"items\":[]");

        RawHttp.Answer write = RawHttp.send(shop.port(), "POST", "/api/cart/items;jsessionid=" + victimsId,
                Map.of("Content-Type", "application/json"), "{\"productId\":\"scale\",\"quantity\":3}");
        assertThat(write.status()).isEqualTo(200);
        assertThat(write.body()).contains("\"productId\":\"scale\"").doesNotContain("mug");
        assertThat(write.header("Set-Cookie")).as("a new session of its own").startsWith("JSESSIONID=")
                .doesNotContain(victimsId);
        assertOneMug(victim);
    }

    @Test
    void pagesNeverWriteTheSessionIdIntoLinks() {
        CookieFilter jar = withOneMug();
        shop.shopper(jar).get("/cart").then().statusCode(200).body(not(containsString(";jsessionid")));
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLax() {
        Response added = shop.shopper().body(Map.of("productId", "mug", "quantity", 1)).post("/api/cart/items");
        assertThat(added.getDetailedCookie("JSESSIONID").isHttpOnly()).isTrue();
        assertThat(added.getDetailedCookie("JSESSIONID").getSameSite()).isEqualTo("Lax");
    }

    // ------------------------------------------------------------------ the API's content type

    @Test
    void aBodyWithoutAContentTypeIs415AndChangesNothing() {
        CookieFilter victim = withOneMug();
        String id = shop.sessionId(victim);

        RawHttp.Answer answer = RawHttp.send(shop.port(), "POST", "/api/cart/items", Map.of("Cookie", "JSESSIONID=" + id),
                "{\"productId\":\"scale\",\"quantity\":1}");

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.body()).contains("\"error\":\"a body needs Content-Type: application/json\"");
        assertOneMug(victim);

        RawHttp.Answer cookieless = RawHttp.send(shop.port(), "POST", "/api/cart/items", Map.of(),
                "{\"productId\":\"scale\",\"quantity\":1}");
        assertThat(cookieless.status()).isEqualTo(415);
        assertThat(cookieless.header("Set-Cookie")).as("no session started").isNull();
    }

    @Test
    void aWriteWithoutABodyNeedsNoContentType() {
        CookieFilter jar = withOneMug();
        RawHttp.Answer checkout = RawHttp.send(shop.port(), "POST", "/api/checkout",
                Map.of("Cookie", "JSESSIONID=" + shop.sessionId(jar)), null);
        assertThat(checkout.status()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ helpers

    private static CookieFilter withOneMug() {
        CookieFilter jar = new CookieFilter();
        shop.shopper(jar).body(Map.of("productId", "mug", "quantity", 1)).post("/api/cart/items").then().statusCode(200);
        return jar;
    }

    private static void assertOneMug(CookieFilter jar) {
        shop.shopper(jar).get("/api/cart").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].productId", equalTo("mug")).body("items[0].quantity", equalTo(1));
    }

}
