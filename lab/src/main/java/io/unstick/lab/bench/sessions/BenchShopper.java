package io.unstick.lab.bench.sessions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shopper's cookie jar and its next request. The shared HTTP client has no cookie handler, so each shopper keeps
 * its own {@code JSESSIONID}, {@code UNSTICK_ROUTE} and {@code UNSTICK_CSRF} and sends them as a {@code Cookie}
 * header. It works on its own product, so the cart stays small:
 * <ul>
 *   <li>{@link Workload#CART}: add to cart, read the cart, set the quantity;</li>
 *   <li>{@link Workload#PAGE}: the catalog page, the add-to-cart form, the cart page, the set-quantity form. A form
 *       carries the token the page's hidden field holds, which is the {@code UNSTICK_CSRF} cookie's value; until the
 *       shopper has that cookie it asks for the catalog page instead.</li>
 * </ul>
 */
final class BenchShopper {

    private static final String CSRF_COOKIE = "UNSTICK_CSRF";

    private final Map<String, String> cookies = new ConcurrentHashMap<>();
    private final Workload workload;
    private final String productId;
    private int step;

    BenchShopper(Workload workload, String productId) {
        this.workload = workload;
        this.productId = productId;
    }

    /**
     * The request this shopper sends next; called once its last request is answered (or failed), one call at a time,
     * though not always on the same thread (a load's sender, or the thread that read the last answer).
     */
    BenchRequest next() {
        BenchRequest request = workload == Workload.CART ? cart() : page();
        step++;
        return request;
    }

    private BenchRequest cart() {
        return switch (step % 3) {
            case 0 -> BenchRequest.addToCart(productId);
            case 1 -> BenchRequest.get("/api/cart");
            default -> BenchRequest.setQuantity(productId, 1 + step % 5);
        };
    }

    private BenchRequest page() {
        String token = cookies.get(CSRF_COOKIE);
        return switch (step % 4) {
            case 1 -> token == null ? BenchRequest.get("/") : BenchRequest.form("/cart/add", token, productId, 1);
            case 2 -> BenchRequest.get("/cart");
            case 3 -> token == null ? BenchRequest.get("/") : BenchRequest.form("/cart/set", token, productId, 1 + step % 5);
            default -> BenchRequest.get("/");
        };
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

    void remember(List<String> setCookies) {
        for (String setCookie : setCookies) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
    }
}
