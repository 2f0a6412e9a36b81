package io.unstick.shop.api;

import io.unstick.shop.actions.ShopActions;

/**
 * {@code POST /api/checkout} turns the cart into an order (with an optional {@code Idempotency-Key}: a retry of a
 * checkout that was made answers the same order); {@code GET /api/orders} lists the session's orders.
 */
final class OrdersApi {

    private OrdersApi() {
    }

    static final class Checkout extends ApiServlet {
        private static final long serialVersionUID = 1L;

        Checkout(JsonIo json, ShopActions shop) {
            super(json);
            on("POST", request -> answer(shop.checkout(request, idempotency(request, "")), order -> order));
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
