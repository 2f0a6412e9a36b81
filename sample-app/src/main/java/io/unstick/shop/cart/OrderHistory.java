package io.unstick.shop.cart;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The orders placed in one session, oldest first. */
public final class OrderHistory implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ArrayList<Order> orders = new ArrayList<>();

    public synchronized void add(Order order) {
        orders.add(order);
    }

    public synchronized Optional<Order> find(String orderId) {
        return orders.stream().filter(order -> order.orderId().equals(orderId)).findFirst();
    }

    public synchronized List<Order> orders() {
        return List.copyOf(orders);
    }
}
