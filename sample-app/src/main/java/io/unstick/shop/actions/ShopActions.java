package io.unstick.shop.actions;

import io.unstick.shop.cart.Cart;
import io.unstick.shop.cart.CartLine;
import io.unstick.shop.cart.Order;
import io.unstick.shop.cart.OrderHistory;
import io.unstick.shop.cart.QuantityLimitException;
import io.unstick.shop.catalog.Catalog;
import io.unstick.shop.catalog.Product;
import io.unstick.shop.idempotency.AppliedChanges;
import io.unstick.shop.idempotency.Idempotency;
import io.unstick.shop.idempotency.Outcome;
import io.unstick.shop.session.SessionAttributes;
import io.unstick.shop.session.SessionLifetime;
import io.unstick.shop.session.SessionLocks;
import io.unstick.shop.session.SessionView;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a shopper can do, shared by the JSON API and the HTML forms. Every input is validated before the
 * session is touched, so a refused request changes nothing. Every change is put back with
 * {@code setAttribute}, which is how a session manager learns that an attribute changed.
 *
 * <p>A change may carry an {@link Idempotency} key: the session then remembers the key with the change, in the same
 * locked step ({@link AppliedChanges}), and a later request with that key is answered without making the change
 * again — a retry after a 503 or a lost answer, whose change may or may not have been made.
 */
public final class ShopActions {

    private final Catalog catalog;
    private final SessionLifetime lifetime;
    private final SessionLocks locks = new SessionLocks();

    public ShopActions(Catalog catalog, SessionLifetime lifetime) {
        this.catalog = catalog;
        this.lifetime = lifetime;
    }

    public Catalog catalog() {
        return catalog;
    }

    /** The shopper's cart; an empty one (not stored) when there is no session yet. */
    public Cart cart(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Cart cart = session == null ? null : (Cart) session.getAttribute(SessionAttributes.CART);
        return cart == null ? new Cart() : cart;
    }

    public Cart addItem(HttpServletRequest request, String productId, Integer quantity) {
        return addItem(request, productId, quantity, Idempotency.NONE).value();
    }

    public Outcome<Cart> addItem(HttpServletRequest request, String productId, Integer quantity, Idempotency key) {
        Product product = product(productId, ShopException::badRequest);
        int amount = Validation.quantity(quantity);
        return changeCart(request.getSession(true), key, cart -> {
            try {
                cart.add(product, amount);
            } catch (QuantityLimitException e) {
                throw ShopException.conflict(e.getMessage());
            }
        });
    }

    public Cart setItem(HttpServletRequest request, String productId, Integer quantity) {
        return setItem(request, productId, quantity, Idempotency.NONE).value();
    }

    public Outcome<Cart> setItem(HttpServletRequest request, String productId, Integer quantity, Idempotency key) {
        Product product = product(productId, ShopException::notFound);
        int amount = Validation.quantity(quantity);
        return changeCart(request.getSession(true), key, cart -> cart.set(product, amount));
    }

    public Cart removeItem(HttpServletRequest request, String productId) {
        return removeItem(request, productId, Idempotency.NONE).value();
    }

    /** A replay of a remove that was made answers the cart, not "no such line". */
    public Outcome<Cart> removeItem(HttpServletRequest request, String productId, Idempotency key) {
        Product product = product(productId, ShopException::notFound);
        HttpSession session = request.getSession(false);
        if (session == null) {
            throw notInCart(product);
        }
        return changeCart(session, key, cart -> {
            if (!cart.remove(product.id())) {
                throw notInCart(product);
            }
        });
    }

    /** Logs in, keeping the cart, under a new session id so that an id planted before login is worthless. */
    public SessionView login(HttpServletRequest request, String username) {
        String name = Validation.username(username);
        HttpSession session = request.getSession(true);
        return locked(session, s -> {
            request.changeSessionId();
            s.setAttribute(SessionAttributes.USERNAME, name);
            // A form token seen before login must not work after it: the next page gives the session a fresh one.
            s.removeAttribute(SessionAttributes.CSRF_TOKEN);
            return view(s);
        });
    }

    /** Ends the session, if there is one: logging out twice is not an error. */
    public void logout(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    public Order checkout(HttpServletRequest request) {
        return checkout(request, Idempotency.NONE).value();
    }

    /** A replay answers the order the keyed checkout placed (the session's order history keeps it). */
    public Outcome<Order> checkout(HttpServletRequest request, Idempotency key) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            throw emptyCart();
        }
        return keyed(session, key, s -> {
            Cart cart = cartOf(s);
            if (cart.isEmpty()) {
                throw emptyCart();
            }
            List<CartLine> items = cart.drain();
            Order order = Order.of(UUID.randomUUID().toString(), items, System.currentTimeMillis());
            OrderHistory history = (OrderHistory) s.getAttribute(SessionAttributes.ORDERS);
            if (history == null) {
                history = new OrderHistory();
            }
            history.add(order);
            s.setAttribute(SessionAttributes.ORDERS, history);
            s.setAttribute(SessionAttributes.CART, cart);
            return order;
        }, Order::orderId, (s, orderId) -> ((OrderHistory) s.getAttribute(SessionAttributes.ORDERS)).find(orderId)
                .orElseThrow(() -> new IllegalStateException("order " + orderId + " of a kept key is not in the history")));
    }

    public List<Order> orders(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        OrderHistory history = session == null ? null : (OrderHistory) session.getAttribute(SessionAttributes.ORDERS);
        return history == null ? List.of() : history.orders();
    }

    /** The session's origin and user; {@code create} decides whether asking starts a session. */
    public SessionView session(HttpServletRequest request, boolean create) {
        HttpSession session = request.getSession(create);
        return session == null ? null : view(session);
    }

    private static SessionView view(HttpSession session) {
        return new SessionView(
                (String) session.getAttribute(SessionAttributes.CREATED_ON),
                session.getCreationTime(),
                (String) session.getAttribute(SessionAttributes.USERNAME));
    }

    private Product product(String productId, Function<String, ShopException> unknown) {
        String id = Validation.productId(productId);
        return catalog.find(id).orElseThrow(() -> unknown.apply("unknown product: '" + Validation.abbreviate(id) + "'"));
    }

    /** A cart change; its replay answers the cart as it is now. */
    private Outcome<Cart> changeCart(HttpSession session, Idempotency key, Consumer<Cart> change) {
        return keyed(session, key, s -> {
            Cart cart = cartOf(s);
            change.accept(cart);
            s.setAttribute(SessionAttributes.CART, cart);
            return cart;
        }, result -> null, (s, result) -> cartOf(s));
    }

    /**
     * Makes a change unless its key says it was made: then answers as the change did ({@code replay}, given what
     * {@code remember} kept of the result). A key reused for a different request is refused with 422. Only a change
     * that was made is remembered: a refused one (4xx) may be retried with its key.
     */
    private <T> Outcome<T> keyed(HttpSession session, Idempotency key, Function<HttpSession, T> change,
                                 Function<T, String> remember, BiFunction<HttpSession, String, T> replay) {
        return locked(session, s -> {
            AppliedChanges applied = (AppliedChanges) s.getAttribute(SessionAttributes.APPLIED_CHANGES);
            if (!key.keyed()) {
                return Outcome.made(change.apply(s));
            }
            Optional<AppliedChanges.Applied> earlier = applied == null ? Optional.empty() : applied.find(key.key());
            if (earlier.isPresent()) {
                if (!earlier.get().fingerprint().equals(key.fingerprint())) {
                    throw new ShopException(422, "this " + Idempotency.HEADER
                            + " was used for a different request; use a new key for a new change");
                }
                return Outcome.replayed(replay.apply(s, earlier.get().result()));
            }
            T result = change.apply(s);
            AppliedChanges keys = applied == null ? new AppliedChanges() : applied;
            keys.record(key.key(), new AppliedChanges.Applied(key.fingerprint(), remember.apply(result)));
            s.setAttribute(SessionAttributes.APPLIED_CHANGES, keys);
            return Outcome.made(result);
        });
    }

    private <T> T locked(HttpSession session, Function<HttpSession, T> work) {
        ReentrantLock lock = locks.forSession(session.getId());
        lock.lock();
        try {
            T result = work.apply(session);
            lifetime.fit(session);
            return result;
        } finally {
            lock.unlock();
        }
    }

    private static Cart cartOf(HttpSession session) {
        Cart cart = (Cart) session.getAttribute(SessionAttributes.CART);
        return cart == null ? new Cart() : cart;
    }

    private static ShopException notInCart(Product product) {
        return ShopException.notFound("the cart has no '" + product.id() + "'");
    }

    private static ShopException emptyCart() {
        return ShopException.conflict("the cart is empty");
    }
}
