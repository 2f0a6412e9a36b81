package io.unstick.shop.api;

import io.unstick.shop.actions.ShopActions;
import io.unstick.shop.health.Readiness;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;

/** Mounts the JSON API and the health check on a servlet context. */
public final class ApiRoutes {

    private ApiRoutes() {
    }

    public static void register(ServletContext context, ShopActions shop, String nodeName, Readiness readiness) {
        JsonIo json = new JsonIo();
        mount(context, "health", new HealthApi.Liveness(json, nodeName), "/health");
        mount(context, "health-ready", new HealthApi.Ready(json, nodeName, readiness), "/health/ready");
        mount(context, "api-products", new ProductsApi(json, shop.catalog()), "/api/products");
        mount(context, "api-cart", new CartApi(json, shop), "/api/cart");
        mount(context, "api-cart-items", new CartItemsApi(json, shop), "/api/cart/items/*");
        mount(context, "api-login", new AccountApi.Login(json, shop), "/api/login");
        mount(context, "api-logout", new AccountApi.Logout(json, shop), "/api/logout");
        mount(context, "api-checkout", new OrdersApi.Checkout(json, shop), "/api/checkout");
        mount(context, "api-orders", new OrdersApi.History(json, shop), "/api/orders");
        mount(context, "api-session", new SessionApi(json, shop), "/api/session");
        mount(context, "api-unknown", new UnknownApi(json), "/api/*");
    }

    private static void mount(ServletContext context, String name, HttpServlet servlet, String mapping) {
        context.addServlet(name, servlet).addMapping(mapping);
    }
}
