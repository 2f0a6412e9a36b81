package io.unstick.shop.session;

/** Names of the attributes the shop keeps in the HTTP session. */
public final class SessionAttributes {

    public static final String CART = "cart";
    public static final String ORDERS = "orders";
    public static final String USERNAME = "username";
    /** The session's CSRF token for the HTML forms (see {@code web.CsrfTokens}). */
    public static final String CSRF_TOKEN = "unstick.csrf";
    /** The keys of the last changes made with an {@code Idempotency-Key} ({@code idempotency.AppliedChanges}). */
    public static final String APPLIED_CHANGES = "unstick.appliedChanges";
    /** The node that created the session: tells a shopper (and the lab) whether it moved. */
    public static final String CREATED_ON = "unstick.createdOn";

    private SessionAttributes() {
    }
}
