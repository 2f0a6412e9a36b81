package io.unstick.shop.web;

import io.unstick.shop.actions.ShopActions;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;

/** Mounts the HTML pages and their form posts on a servlet context. */
public final class PageRoutes {

    private PageRoutes() {
    }

    public static void register(ServletContext context, ShopActions shop, String nodeName) {
        CsrfTokens csrf = new CsrfTokens();
        // "" is the context root exactly; "/" is the container's default servlet, i.e. everything unclaimed.
        mount(context, "page-catalog", new CatalogPage(nodeName, csrf, shop.catalog()), "");
        mount(context, "page-cart", new CartPage(nodeName, csrf, shop), "/cart");
        mount(context, "page-login", new LoginPage(nodeName, csrf, shop), "/login");
        mount(context, "page-orders", new OrdersPage(nodeName, csrf, shop), "/orders");
        mount(context, "form-cart", new FormActions.CartForm(nodeName, csrf, shop), "/cart/*");
        mount(context, "form-logout", new FormActions.LogoutForm(nodeName, csrf, shop), "/logout");
        mount(context, "form-checkout", new FormActions.CheckoutForm(nodeName, csrf, shop), "/checkout");
        mount(context, "page-not-found", new NotFoundPage(nodeName, csrf), "/");
    }

    private static void mount(ServletContext context, String name, HttpServlet servlet, String mapping) {
        context.addServlet(name, servlet).addMapping(mapping);
    }
}
