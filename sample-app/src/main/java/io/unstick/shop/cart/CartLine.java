package io.unstick.shop.cart;

import java.io.Serializable;

/** One product in a cart, with the name and price it had when it was added. */
public record CartLine(String productId, String name, int quantity, long priceCents) implements Serializable {

    private static final long serialVersionUID = 1L;

    public long subtotalCents() {
        return priceCents * quantity;
    }

    CartLine withQuantity(int newQuantity) {
        return new CartLine(productId, name, newQuantity, priceCents);
    }
}
