package io.unstick.shop.web;

import io.unstick.shop.catalog.Catalog;
import io.unstick.shop.catalog.Product;

/** {@code /}: every product with an add-to-cart form. */
final class CatalogPage extends PageServlet {

    private static final long serialVersionUID = 1L;

    CatalogPage(String nodeName, CsrfTokens csrf, Catalog catalog) {
        super(nodeName, csrf);
        on("GET", (request, forms) -> new Page("Catalog", table(catalog, forms)));
    }

    private static String table(Catalog catalog, Forms forms) {
        StringBuilder rows = new StringBuilder();
        for (Product product : catalog.products()) {
            rows.append("<tr><td>").append(Html.escape(product.name()))
                    .append("</td><td class=\"num\">").append(Html.money(product.priceCents()))
                    .append("</td><td><form method=\"post\" action=\"/cart/add\">").append(forms.field())
                    .append("<input type=\"hidden\" name=\"productId\" value=\"").append(Html.escape(product.id())).append("\">")
                    .append("<input type=\"number\" name=\"quantity\" value=\"1\" min=\"1\" max=\"99\" aria-label=\"quantity\">")
                    .append(" <button>Add to cart</button></form></td></tr>\n");
        }
        return "<table><tr><th>Product</th><th class=\"num\">Price</th><th></th></tr>\n" + rows + "</table>";
    }
}
