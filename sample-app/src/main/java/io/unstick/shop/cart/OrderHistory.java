package io.unstick.shop.cart;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** The orders placed in one session, oldest first. */
public final class OrderHistory implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ArrayList<Order> orders = new ArrayList<>();

    public synchronized void add(Order order) {
        orders.add(order);
    }

    public synchronized List<Order> orders() {
        return List.copyOf(orders);
    }
}
