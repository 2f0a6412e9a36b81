package io.unstick.shop.api;

import io.unstick.shop.actions.ShopActions;

/** {@code POST /api/checkout} turns the cart into an order; {@code GET /api/orders} lists the session's orders. */
final class OrdersApi {

    private OrdersApi() {
    }

    static final class Checkout extends ApiServlet {
        private static final long serialVersionUID = 1L;

        Checkout(JsonIo json, ShopActions shop) {
            super(json);
            on("POST", shop::checkout);
        }
    }

    static final class History extends ApiServlet {
        private static final long serialVersionUID = 1L;

        History(JsonIo json, ShopActions shop) {
            super(json);
            on("GET", shop::orders);
        }
    }
}
