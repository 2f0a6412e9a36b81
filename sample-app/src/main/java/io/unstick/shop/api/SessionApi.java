package io.unstick.shop.api;

import io.unstick.shop.actions.ShopActions;

/** {@code GET /api/session}: where and when the session began, and who is logged in; starts one if needed. */
final class SessionApi extends ApiServlet {

    private static final long serialVersionUID = 1L;

    SessionApi(JsonIo json, ShopActions shop) {
        super(json);
        on("GET", request -> shop.session(request, true));
    }
}
