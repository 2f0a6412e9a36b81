package io.unstick.shop.actions;

/** A request the shop refuses, with the HTTP status and a message that is safe to show the client. */
public final class ShopException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public ShopException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ShopException badRequest(String message) {
        return new ShopException(400, message);
    }

    public static ShopException notFound(String message) {
        return new ShopException(404, message);
    }

    public static ShopException conflict(String message) {
        return new ShopException(409, message);
    }
}
