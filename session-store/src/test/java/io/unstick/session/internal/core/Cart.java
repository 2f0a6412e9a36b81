package io.unstick.session.internal.core;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** A mutable attribute value, as a shop's cart, that counts how often it is serialized. */
final class Cart implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final List<String> items = new ArrayList<>();
    private transient int serializations;

    static Cart of(String... items) {
        Cart cart = new Cart();
        cart.items.addAll(List.of(items));
        return cart;
    }

    Cart add(String item) {
        items.add(item);
        return this;
    }

    List<String> items() {
        return items;
    }

    int serializations() {
        return serializations;
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        serializations++;
        out.defaultWriteObject();
    }
}
