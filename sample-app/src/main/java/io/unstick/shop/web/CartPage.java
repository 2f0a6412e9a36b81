package io.unstick.shop.web;

import io.unstick.shop.actions.ShopActions;
import io.unstick.shop.cart.Cart;
import io.unstick.shop.cart.CartLine;

/** {@code /cart}: the lines with forms to change or remove them, the total, and checkout. */
final class CartPage extends PageServlet {

    private static final long serialVersionUID = 1L;

    CartPage(String nodeName, CsrfTokens csrf, ShopActions shop) {
        super(nodeName, csrf);
        on("GET", (request, forms) -> new Page("Cart", render(shop.cart(request), forms)));
    }

    private static String render(Cart cart, Forms forms) {
        if (cart.isEmpty()) {
            return "<p>Your cart is empty. Pick something in the <a href=\"/\">catalog</a>.</p>";
        }
        StringBuilder rows = new StringBuilder();
        long total = 0;
        for (CartLine line : cart.lines()) {
            String id = Html.escape(line.productId());
            total += line.subtotalCents();
            rows.append("<tr class=\"line\" data-product=\"").append(id).append("\"><td>").append(Html.escape(line.name()))
                    .append("</td><td><form method=\"post\" action=\"/cart/set\" class=\"inline\">").append(forms.field())
                    .append("<input type=\"hidden\" name=\"productId\" value=\"").append(id).append("\">")
                    .append("<input type=\"number\" name=\"quantity\" value=\"").append(line.quantity())
                    .append("\" min=\"1\" max=\"99\" aria-label=\"quantity\"> <button>Update</button></form>")
                    .append("</td><td class=\"num\">").append(Html.money(line.subtotalCents()))
                    .append("</td><td><form method=\"post\" action=\"/cart/remove\" class=\"inline\">").append(forms.field())
                    .append("<input type=\"hidden\" name=\"productId\" value=\"").append(id).append("\">")
                    .append("<button>Remove</button></form></td></tr>\n");
        }
        return "<table><tr><th>Product</th><th>Quantity</th><th class=\"num\">Subtotal</th><th></th></tr>\n" + rows
                + "<tr><th colspan=\"2\">Total</th><th class=\"num\" id=\"total\">" + Html.money(total) + "</th><th></th></tr></table>\n"
                + "<form method=\"post\" action=\"/checkout\">" + forms.field() + "<button>Check out</button></form>";
    }
}
