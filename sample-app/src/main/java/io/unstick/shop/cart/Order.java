package io.unstick.shop.cart;

import java.io.Serializable;
import java.util.List;

/** A checked-out cart. */
public record Order(String orderId, List<CartLine> items, long totalCents, long placedAt) implements Serializable {

    private static final long serialVersionUID = 1L;

    public Order {
        items = List.copyOf(items);
    }

    public static Order of(String orderId, List<CartLine> items, long placedAt) {
        long total = 0;
        for (CartLine line : items) {
            total += line.subtotalCents();
        }
        return new Order(orderId, items, total, placedAt);
    }
}
