package io.unstick.shop.web;

import io.unstick.shop.actions.ShopActions;
import io.unstick.shop.cart.CartLine;
import io.unstick.shop.cart.Order;

import java.util.List;

/** {@code /orders}: the orders placed in this session, newest first. */
final class OrdersPage extends PageServlet {

    private static final long serialVersionUID = 1L;

    OrdersPage(String nodeName, CsrfTokens csrf, ShopActions shop) {
        super(nodeName, csrf);
        on("GET", (request, forms) -> new Page("Orders", render(shop.orders(request))));
    }

    private static String render(List<Order> orders) {
        if (orders.isEmpty()) {
            return "<p>No orders yet.</p>";
        }
        StringBuilder out = new StringBuilder();
        for (int i = orders.size() - 1; i >= 0; i--) {
            Order order = orders.get(i);
            out.append("<section class=\"order\"><h2>Order ").append(Html.escape(order.orderId())).append("</h2><ul>");
            for (CartLine line : order.items()) {
                out.append("<li>").append(line.quantity()).append(" × ").append(Html.escape(line.name()))
                        .append(" — ").append(Html.money(line.subtotalCents())).append("</li>");
            }
            out.append("</ul><p>Total <b>").append(Html.money(order.totalCents())).append("</b></p></section>\n");
        }
        return out.toString();
    }
}
