package io.unstick.shop.api;

import io.unstick.shop.actions.ShopActions;

/** {@code GET /api/cart}: the cart with its total. */
final class CartApi extends ApiServlet {

    private static final long serialVersionUID = 1L;

    CartApi(JsonIo json, ShopActions shop) {
        super(json);
        on("GET", request -> CartView.of(shop.cart(request)));
    }
}
