package io.unstick.shop.api;

import io.unstick.shop.actions.ShopActions;
import io.unstick.shop.actions.ShopException;
import io.unstick.shop.idempotency.Idempotency;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code POST /api/cart/items} adds, {@code PUT /api/cart/items/{productId}} sets a quantity,
 * {@code DELETE /api/cart/items/{productId}} removes; each answers with the cart. Each takes an optional
 * {@code Idempotency-Key}: a retry with the key of a change that was made answers the cart as it is now.
 */
final class CartItemsApi extends ApiServlet {

    private static final long serialVersionUID = 1L;

    CartItemsApi(JsonIo json, ShopActions shop) {
        super(json);
        on("POST", request -> {
            requireNoProductInPath(request);
            Requests.AddItem body = json.read(request, Requests.AddItem.class);
            Idempotency key = idempotency(request, body.toString());
            return answer(shop.addItem(request, body.productId(), body.quantity(), key), CartView::of);
        });
        on("PUT", request -> {
            String productId = productInPath(request);
            Requests.SetQuantity body = json.read(request, Requests.SetQuantity.class);
            Idempotency key = idempotency(request, body.toString());
            return answer(shop.setItem(request, productId, body.quantity(), key), CartView::of);
        });
        on("DELETE", request -> {
            String productId = productInPath(request);
            return answer(shop.removeItem(request, productId, idempotency(request, "")), CartView::of);
        });
    }

    private static String productInPath(HttpServletRequest request) {
        String path = request.getPathInfo();
        if (path == null || path.length() <= 1) {
            throw new ShopException(405, request.getMethod() + " needs a product: /api/cart/items/{productId}");
        }
        return path.substring(1);
    }

    private static void requireNoProductInPath(HttpServletRequest request) {
        String path = request.getPathInfo();
        if (path != null && path.length() > 1) {
            throw new ShopException(405, "POST adds to /api/cart/items with the product in the body");
        }
    }
}
