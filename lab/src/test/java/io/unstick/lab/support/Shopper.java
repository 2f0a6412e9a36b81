package io.unstick.lab.support;

import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** One browser going through the balancer: its own cookie jar, and the cart it expects to have. */
public final class Shopper {

    private final String baseUri;
    private final CookieFilter cookies = new CookieFilter();
    private final Map<String, Integer> expected = new LinkedHashMap<>();
    private String lastNode;

    public Shopper(int port) {
        this.baseUri = "http://127.0.0.1:" + port;
    }

    public RequestSpecification request() {
        return given().baseUri(baseUri).filter(cookies).contentType(ContentType.JSON);
    }

    public void add(String productId, int quantity) {
        Response response = request().body(Map.of("productId", productId, "quantity", quantity)).post("/api/cart/items");
        response.then().statusCode(200);
        expected.merge(productId, quantity, Integer::sum);
        lastNode = response.header("X-Unstick-Node");
    }

    /** The cart as the shop now shows it: product → quantity. */
    public Map<String, Integer> cart() {
        Response response = request().get("/api/cart");
        response.then().statusCode(200);
        lastNode = response.header("X-Unstick-Node");
        Map<String, Integer> cart = new LinkedHashMap<>();
        List<Map<String, Object>> items = response.path("items");
        items.forEach(item -> cart.put((String) item.get("productId"), (Integer) item.get("quantity")));
        return cart;
    }

    public Map<String, Integer> expected() {
        return expected;
    }

    /** The node that served the last request. */
    public String lastNode() {
        return lastNode;
    }
}
