package io.unstick.lab.bench.sessions;

import java.net.http.HttpHeaders;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shopper's cookie jar and its next cart request. The shared HTTP client has no cookie handler, so each
 * shopper keeps its own {@code JSESSIONID} and {@code UNSTICK_ROUTE} and sends them as a {@code Cookie} header.
 * Requests cycle add to cart, read cart, set quantity, on the shopper's own product so the cart stays small.
 */
final class CartShopper {

    private final Map<String, String> cookies = new ConcurrentHashMap<>();
    private final String productId;
    private int step;

    CartShopper(String productId) {
        this.productId = productId;
    }

    /** The request this shopper sends next; called by the one scheduling thread only. */
    CartRequest next() {
        CartRequest request = switch (step % 3) {
            case 0 -> CartRequest.add(productId);
            case 1 -> CartRequest.read();
            default -> CartRequest.setQuantity(productId, 1 + step % 5);
        };
        step++;
        return request;
    }

    /** The {@code Cookie} header value, or {@code null} before the first answer. */
    String cookieHeader() {
        if (cookies.isEmpty()) {
            return null;
        }
        StringBuilder header = new StringBuilder();
        cookies.forEach((name, value) -> header.append(header.isEmpty() ? "" : "; ").append(name).append('=').append(value));
        return header.toString();
    }

    void remember(HttpHeaders headers) {
        for (String setCookie : headers.allValues("set-cookie")) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
    }
}
