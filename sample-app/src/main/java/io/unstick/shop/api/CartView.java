package io.unstick.shop.api;

import io.unstick.shop.cart.Cart;
import io.unstick.shop.cart.CartLine;

import java.util.List;

/** The cart as the API shows it: {@code {"items":[...],"totalCents":...}}. */
record CartView(List<CartLine> items, long totalCents) {

    static CartView of(Cart cart) {
        List<CartLine> lines = cart.lines();
        return new CartView(lines, lines.stream().mapToLong(CartLine::subtotalCents).sum());
    }
}
