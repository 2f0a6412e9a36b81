package io.unstick.lab.bench.sessions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One request of the benchmark.
 *
 * @param method      {@code GET}, {@code POST} or {@code PUT}
 * @param path        the path on the shop
 * @param contentType the body's type, or {@code null} without a body
 * @param body        the body, or {@code null}
 */
record BenchRequest(String method, String path, String contentType, String body) {

    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";

    static BenchRequest get(String path) {
        return new BenchRequest("GET", path, null, null);
    }

    static BenchRequest addToCart(String productId) {
        return new BenchRequest("POST", "/api/cart/items", JSON, "{\"productId\":\"" + productId + "\",\"quantity\":1}");
    }

    static BenchRequest setQuantity(String productId, int quantity) {
        return new BenchRequest("PUT", "/api/cart/items/" + productId, JSON, "{\"quantity\":" + quantity + "}");
    }

    /** A form post of the pages ({@code /cart/add}, {@code /cart/set}), with the CSRF token a browser's page carries. */
    static BenchRequest form(String action, String csrfToken, String productId, int quantity) {
        return new BenchRequest("POST", action, FORM, "_csrf=" + URLEncoder.encode(csrfToken, StandardCharsets.UTF_8)
                + "&productId=" + URLEncoder.encode(productId, StandardCharsets.UTF_8) + "&quantity=" + quantity);
    }
}
