package io.unstick.shop.cart;

/** An add that would take one product's quantity past {@link Cart#MAX_QUANTITY}. */
public final class QuantityLimitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    QuantityLimitException(String productId, int current, int adding) {
        super("the cart holds " + current + " of '" + productId + "'; adding " + adding
                + " would pass the limit of " + Cart.MAX_QUANTITY);
    }
}
