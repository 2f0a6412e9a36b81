package io.unstick.shop.catalog;

/** One thing the shop sells. Prices are whole cents to keep totals exact. */
public record Product(String id, String name, long priceCents) {

    public Product {
        if (id == null || id.isBlank() || name == null || name.isBlank() || priceCents < 0) {
            throw new IllegalArgumentException("a product needs an id, a name and a price >= 0: " + id);
        }
    }
}
