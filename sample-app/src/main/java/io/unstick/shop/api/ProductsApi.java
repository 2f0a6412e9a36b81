package io.unstick.shop.api;

import io.unstick.shop.catalog.Catalog;

/** {@code GET /api/products}: the catalog. */
final class ProductsApi extends ApiServlet {

    private static final long serialVersionUID = 1L;

    ProductsApi(JsonIo json, Catalog catalog) {
        super(json);
        on("GET", request -> catalog.products());
    }
}
