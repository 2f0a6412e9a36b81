package io.unstick.shop.actions;

import io.unstick.shop.cart.Cart;

import java.util.regex.Pattern;

/** The shop's input rules, in one place so the JSON API and the HTML forms agree. */
public final class Validation {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Validation() {
    }

    public static int quantity(Integer quantity) {
        if (quantity == null) {
            throw ShopException.badRequest("quantity is required");
        }
        if (quantity < 1 || quantity > Cart.MAX_QUANTITY) {
            throw ShopException.badRequest("quantity must be between 1 and " + Cart.MAX_QUANTITY + ", but was " + quantity);
        }
        return quantity;
    }

    /** Parses a form field; the API gets numbers already parsed by its JSON reader. */
    public static int quantity(String field) {
        if (field == null || field.isBlank()) {
            throw ShopException.badRequest("quantity is required");
        }
        try {
            return quantity(Integer.valueOf(field.trim()));
        } catch (NumberFormatException e) {
            throw ShopException.badRequest("quantity must be a whole number, but was '" + abbreviate(field) + "'");
        }
    }

    public static String productId(String productId) {
        if (productId == null || productId.isBlank()) {
            throw ShopException.badRequest("productId is required");
        }
        return productId;
    }

    public static String username(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ShopException.badRequest("username must be 1-64 characters of letters, digits, '.', '_' or '-'");
        }
        return username;
    }

    /** Keeps echoed client input short in error messages. */
    public static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
