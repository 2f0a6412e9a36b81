package io.unstick.shop;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Every kind of bad request gets its 4xx with a JSON {@code error}, and leaves the shopper's session as it was:
 * same id, same cart.
 */
class BadInputIT {

    @RegisterExtension
    static final ShopFixture shop = new ShopFixture();

    record BadRequest(String what, String method, String path, String contentType, String body, int status) {
        @Override
        public String toString() {
            return what + " -> " + status;
        }
    }

    static Stream<BadRequest> badRequests() {
        String json = "application/json";
        return Stream.of(
                new BadRequest("unknown product", "POST", "/api/cart/items", json, "{\"productId\":\"nope\",\"quantity\":1}", 400),
                new BadRequest("quantity 0", "POST", "/api/cart/items", json, "{\"productId\":\"mug\",\"quantity\":0}", 400),
                new BadRequest("quantity 100", "POST", "/api/cart/items", json, "{\"productId\":\"mug\",\"quantity\":100}", 400),
                new BadRequest("negative quantity", "POST", "/api/cart/items", json, "{\"productId\":\"mug\",\"quantity\":-3}", 400),
                new BadRequest("missing quantity", "POST", "/api/cart/items", json, "{\"productId\":\"mug\"}", 400),
                new BadRequest("missing product", "POST", "/api/cart/items", json, "{\"quantity\":1}", 400),
                new BadRequest("quantity as text", "POST", "/api/cart/items", json, "{\"productId\":\"mug\",\"quantity\":\"many\"}", 400),
                new BadRequest("quantity as a JSON string", "POST", "/api/cart/items", json, "{\"productId\":\"mug\",\"quantity\":\"1\"}", 400),
                new BadRequest("set quantity as a JSON string", "PUT", "/api/cart/items/mug", json, "{\"quantity\":\"2\"}", 400),
                new BadRequest("quantity as a boolean", "POST", "/api/cart/items", json, "{\"productId\":\"mug\",\"quantity\":true}", 400),
                new BadRequest("username as a number", "POST", "/api/login", json, "{\"username\":42}", 400),
                new BadRequest("fractional quantity", "POST", "/api/cart/items", json, "{\"productId\":\"mug\",\"quantity\":1.5}", 400),
                new BadRequest("unknown field", "POST", "/api/cart/items", json, "{\"productId\":\"mug\",\"quantity\":1,\"price\":0}", 400),
                new BadRequest("malformed JSON", "POST", "/api/cart/items", json, "{\"productId\":\"mug\",", 400),
                new BadRequest("trailing garbage", "POST", "/api/cart/items", json, "{\"productId\":\"mug\",\"quantity\":1} x", 400),
                new BadRequest("JSON array", "POST", "/api/cart/items", json, "[1,2]", 400),
                new BadRequest("JSON null", "POST", "/api/cart/items", json, "null", 400),
                new BadRequest("empty body", "POST", "/api/cart/items", json, "", 400),
                new BadRequest("body over 16 KiB", "POST", "/api/cart/items", json,
                        "{\"productId\":\"mug\",\"quantity\":1,\"pad\":\"" + "x".repeat(17 * 1024) + "\"}", 413),
                new BadRequest("not JSON", "POST", "/api/cart/items", "text/plain", "productId=mug", 415),
                new BadRequest("JSON body labelled text/plain", "POST", "/api/cart/items", "text/plain", "{\"productId\":\"mug\",\"quantity\":1}", 415),
                new BadRequest("a form post to the API", "POST", "/api/cart/items", "application/x-www-form-urlencoded", "productId=mug&quantity=1", 415),
                new BadRequest("a look-alike media type", "POST", "/api/cart/items", "application/jsonp", "{\"productId\":\"mug\",\"quantity\":1}", 415),
                new BadRequest("a body on checkout that is not JSON", "POST", "/api/checkout", "text/plain", "now", 415),
                new BadRequest("a body on logout that is not JSON", "POST", "/api/logout", "text/plain", "bye", 415),
                new BadRequest("over the per-product limit", "POST", "/api/cart/items", json, "{\"productId\":\"mug\",\"quantity\":99}", 409),
                new BadRequest("set unknown product", "PUT", "/api/cart/items/nope", json, "{\"quantity\":1}", 404),
                new BadRequest("set quantity 0", "PUT", "/api/cart/items/mug", json, "{\"quantity\":0}", 400),
                new BadRequest("remove what is not in the cart", "DELETE", "/api/cart/items/scale", json, null, 404),
                new BadRequest("remove without a product", "DELETE", "/api/cart/items", json, null, 405),
                new BadRequest("POST with a product in the path", "POST", "/api/cart/items/mug", json, "{\"productId\":\"mug\",\"quantity\":1}", 405),
                new BadRequest("wrong method on the cart", "PATCH", "/api/cart", json, null, 405),
                new BadRequest("wrong method on products", "POST", "/api/products", json, "{}", 405),
                new BadRequest("GET login", "GET", "/api/login", json, null, 405),
                new BadRequest("empty username", "POST", "/api/login", json, "{\"username\":\"\"}", 400),
                new BadRequest("username with a space", "POST", "/api/login", json, "{\"username\":\"ann lee\"}", 400),
                new BadRequest("username too long", "POST", "/api/login", json, "{\"username\":\"" + "a".repeat(65) + "\"}", 400),
                new BadRequest("username with markup", "POST", "/api/login", json, "{\"username\":\"<b>ann</b>\"}", 400),
                new BadRequest("missing username", "POST", "/api/login", json, "{}", 400),
                new BadRequest("unknown endpoint", "GET", "/api/nothing", json, null, 404));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void isRefusedAndChangesNothing(BadRequest bad) {
        CookieFilter jar = new CookieFilter();
        shop.shopper(jar).body(Map.of("productId", "mug", "quantity", 1)).post("/api/cart/items").then().statusCode(200);
        shop.shopper(jar).body(Map.of("username", "carol")).post("/api/login").then().statusCode(200);

        RequestSpecification request = shop.shopper(jar).config(asText(bad)).contentType(bad.contentType());
        if (bad.body() != null) {
            request.body(bad.body());
        }
        Response response = request.request(bad.method(), bad.path());

        response.then().statusCode(bad.status()).header("X-Unstick-Node", ShopFixture.NODE);
        String error = response.path("error");
        assertThat(error).as("a message for the client").isNotBlank().doesNotContain("Exception", "io.unstick");
        assertThat(response.getCookie("JSESSIONID")).as("no new session id").isNull();

        // Same session (still logged in), same cart.
        shop.shopper(jar).get("/api/session").then().statusCode(200).body("username", equalTo("carol"));
        shop.shopper(jar).get("/api/cart").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].productId", equalTo("mug")).body("items[0].quantity", equalTo(1));
    }

    /** Sends the body as given, whatever its content type (REST Assured would refuse a type it does not know). */
    private static RestAssuredConfig asText(BadRequest bad) {
        return RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                .encodeContentTypeAs(bad.contentType(), ContentType.TEXT));
    }

    /** The same requests from a client with no session; only the per-product limit needs a cart to fail. */
    static Stream<BadRequest> badRequestsWithoutCart() {
        return badRequests().filter(bad -> bad.status() != 409);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequestsWithoutCart")
    void withoutASessionStartsNone(BadRequest bad) {
        RequestSpecification request = shop.shopper().config(asText(bad)).contentType(bad.contentType());
        if (bad.body() != null) {
            request.body(bad.body());
        }
        Response response = request.request(bad.method(), bad.path());
        response.then().statusCode(bad.status());
        assertThat(response.getCookie("JSESSIONID")).isNull();
    }
}
