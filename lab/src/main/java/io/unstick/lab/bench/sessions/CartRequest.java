package io.unstick.lab.bench.sessions;

/**
 * One cart request of the benchmark.
 *
 * @param method {@code GET}, {@code POST} or {@code PUT}
 * @param path   the path on the shop
 * @param body   the JSON body, or {@code null}
 */
record CartRequest(String method, String path, String body) {

    static CartRequest add(String productId) {
        return new CartRequest("POST", "/api/cart/items", "{\"productId\":\"" + productId + "\",\"quantity\":1}");
    }

    static CartRequest read() {
        return new CartRequest("GET", "/api/cart", null);
    }

    static CartRequest setQuantity(String productId, int quantity) {
        return new CartRequest("PUT", "/api/cart/items/" + productId, "{\"quantity\":" + quantity + "}");
    }
}
