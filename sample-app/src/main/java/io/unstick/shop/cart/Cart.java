package io.unstick.shop.cart;

import io.unstick.shop.catalog.Product;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shopper's cart, kept in the HTTP session. Every method is synchronized because two requests of one
 * session may run at once on the same node and share this object (Tomcat's in-memory manager).
 */
public final class Cart implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Quantities of one product in a cart, and of one add, stay within 1..99. */
    public static final int MAX_QUANTITY = 99;

    private final LinkedHashMap<String, CartLine> lines = new LinkedHashMap<>();

    /** Adds to the line of this product; the result must stay within {@link #MAX_QUANTITY}. */
    public synchronized void add(Product product, int quantity) {
        CartLine line = lines.get(product.id());
        int current = line == null ? 0 : line.quantity();
        if (current + quantity > MAX_QUANTITY) {
            throw new QuantityLimitException(product.id(), current, quantity);
        }
        lines.put(product.id(), line == null
                ? new CartLine(product.id(), product.name(), quantity, product.priceCents())
                : line.withQuantity(current + quantity));
    }

    /** Sets the quantity of this product's line, adding the line if the cart does not have it. */
    public synchronized void set(Product product, int quantity) {
        CartLine line = lines.get(product.id());
        lines.put(product.id(), line == null
                ? new CartLine(product.id(), product.name(), quantity, product.priceCents())
                : line.withQuantity(quantity));
    }

    /** @return whether the cart had a line for this product */
    public synchronized boolean remove(String productId) {
        return lines.remove(productId) != null;
    }

    public synchronized List<CartLine> lines() {
        return List.copyOf(lines.values());
    }

    public synchronized long totalCents() {
        long total = 0;
        for (CartLine line : lines.values()) {
            total += line.subtotalCents();
        }
        return total;
    }

    public synchronized boolean isEmpty() {
        return lines.isEmpty();
    }

    /** Empties the cart and returns what it held, in one step so nothing is added in between. */
    public synchronized List<CartLine> drain() {
        List<CartLine> taken = new ArrayList<>(lines.values());
        lines.clear();
        return taken;
    }

    public synchronized Map<String, Integer> quantities() {
        Map<String, Integer> result = new LinkedHashMap<>();
        lines.forEach((id, line) -> result.put(id, line.quantity()));
        return result;
    }
}
