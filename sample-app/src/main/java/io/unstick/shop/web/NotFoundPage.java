package io.unstick.shop.web;

import io.unstick.shop.actions.ShopException;

/** Any path no page claims: a friendly 404 in the shop's frame instead of the container's page. */
final class NotFoundPage extends PageServlet {

    private static final long serialVersionUID = 1L;

    NotFoundPage(String nodeName, CsrfTokens csrf) {
        super(nodeName, csrf);
        Handler notFound = (request, forms) -> {
            throw new ShopException(404, "There is no page at " + request.getRequestURI() + ".");
        };
        for (String method : new String[] {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}) {
            on(method, notFound);
        }
    }
}
