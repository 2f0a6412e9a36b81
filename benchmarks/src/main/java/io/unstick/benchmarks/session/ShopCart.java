package io.unstick.benchmarks.session;

import java.io.Serial;
import java.io.Serializable;
import java.util.LinkedHashMap;

/** Shaped like the sample shop's cart: product lines by id, serialized with Java serialization. */
public final class ShopCart implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** One line of the cart. */
    public record Line(String productId, String name, int quantity, long priceCents) implements Serializable {
    }

    private final LinkedHashMap<String, Line> lines = new LinkedHashMap<>();

    /** A cart of five lines, as a shopper about to check out has. */
    public static ShopCart ofFiveLines() {
        ShopCart cart = new ShopCart();
        cart.set(new Line("P-1001", "Espresso beans, 1 kg", 2, 2_450));
        cart.set(new Line("P-1002", "Burr grinder", 1, 12_900));
        cart.set(new Line("P-1003", "Milk jug, 350 ml", 1, 1_590));
        cart.set(new Line("P-1004", "Paper filters, 100", 3, 450));
        cart.set(new Line("P-1005", "Descaler", 1, 990));
        return cart;
    }

    public synchronized void set(Line line) {
        lines.put(line.productId(), line);
    }

    /** A copy with one quantity changed: the same object after an in-place "+1" on the cart page. */
    public synchronized ShopCart withQuantity(String productId, int quantity) {
        ShopCart copy = new ShopCart();
        lines.values().forEach(copy::set);
        Line line = lines.get(productId);
        copy.set(new Line(productId, line.name(), quantity, line.priceCents()));
        return copy;
    }
}
