package io.unstick.shop.web;

import io.unstick.shop.actions.ShopActions;
import io.unstick.shop.actions.ShopException;
import io.unstick.shop.actions.Validation;

/** The form posts behind the pages. Each acts through {@link ShopActions} and redirects to a page; all need the CSRF token. */
final class FormActions {

    private FormActions() {
    }

    /** {@code POST /cart/add|set|remove} with {@code productId} and {@code quantity}. */
    static final class CartForm extends PageServlet {
        private static final long serialVersionUID = 1L;

        CartForm(String nodeName, CsrfTokens csrf, ShopActions shop) {
            super(nodeName, csrf);
            onForm((request, forms) -> {
                String productId = request.getParameter("productId");
                String action = request.getPathInfo() == null ? "" : request.getPathInfo();
                switch (action) {
                    case "/add" -> shop.addItem(request, productId, Validation.quantity(request.getParameter("quantity")));
                    case "/set" -> shop.setItem(request, productId, Validation.quantity(request.getParameter("quantity")));
                    case "/remove" -> shop.removeItem(request, productId);
                    default -> throw ShopException.notFound("There is no such cart action.");
                }
                return new Redirect("/cart");
            });
        }
    }

    /** {@code POST /logout}. */
    static final class LogoutForm extends PageServlet {
        private static final long serialVersionUID = 1L;

        LogoutForm(String nodeName, CsrfTokens csrf, ShopActions shop) {
            super(nodeName, csrf);
            onForm((request, forms) -> {
                shop.logout(request);
                return new Redirect("/");
            });
        }
    }

    /** {@code POST /checkout}. */
    static final class CheckoutForm extends PageServlet {
        private static final long serialVersionUID = 1L;

        CheckoutForm(String nodeName, CsrfTokens csrf, ShopActions shop) {
            super(nodeName, csrf);
            onForm((request, forms) -> {
                shop.checkout(request);
                return new Redirect("/orders");
            });
        }
    }
}
