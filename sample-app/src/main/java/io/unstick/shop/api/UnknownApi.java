package io.unstick.shop.api;

import io.unstick.shop.actions.ShopException;

/** Everything under {@code /api/} that no endpoint claims: a JSON 404 rather than an HTML page. */
final class UnknownApi extends ApiServlet {

    private static final long serialVersionUID = 1L;

    UnknownApi(JsonIo json) {
        super(json);
        Handler notFound = request -> {
            throw ShopException.notFound("no such endpoint: " + request.getMethod() + " " + request.getRequestURI());
        };
        for (String method : new String[] {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}) {
            on(method, notFound);
        }
    }
}
