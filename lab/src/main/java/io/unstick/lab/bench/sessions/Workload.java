package io.unstick.lab.bench.sessions;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the shoppers of a measured window ask for. Both touch the session on every request; they differ in how much
 * else a request does, which decides how large a share of it the session store is.
 */
public enum Workload {
    /**
     * The JSON cart API, the smallest request that reads or changes a session: {@code POST /api/cart/items},
     * {@code GET /api/cart}, {@code PUT /api/cart/items/{id}}, cycling.
     */
    CART("POST /api/cart/items, GET /api/cart, PUT /api/cart/items/{id}"),
    /**
     * The shop's server-rendered pages, as a browser without JavaScript uses them: the catalog page (24 products,
     * each with a form), an add-to-cart form post (CSRF check, 303), the cart page, a set-quantity form post, cycling.
     * HTML rendering, escaping, form parsing, CSRF tokens and the security headers come on top of the same session
     * work: the shop's representative page request.
     */
    PAGE("GET /, POST /cart/add (form), GET /cart, POST /cart/set (form)");

    private final String requests;

    Workload(String requests) {
        this.requests = requests;
    }

    public static Workload parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--workloads takes " + Arrays.stream(values()).map(Workload::label)
                    .collect(Collectors.joining(", ")) + ", not '" + value + "'", e);
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The requests a shopper cycles through. */
    public String requests() {
        return requests;
    }
}
