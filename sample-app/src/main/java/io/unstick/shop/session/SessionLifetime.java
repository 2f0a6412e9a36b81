package io.unstick.shop.session;

import io.unstick.shop.cart.Cart;
import io.unstick.shop.cart.OrderHistory;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

import java.time.Duration;

/**
 * How long an idle session lives, by what it holds. A session that holds nothing worth keeping — no cart line, no
 * login, no order — lives only the short empty-session timeout; once it holds something it gets the context's
 * normal timeout (30 minutes), and it goes back to the short one when it is emptied again. So a flood of
 * cookieless writes (each starts a session) costs memory for a minute, not for half an hour.
 *
 * <p>Tomcat applies the interval itself: per session, in every mode (the session store keeps a changed interval as
 * the stored session's time to live).
 */
public final class SessionLifetime implements HttpSessionListener {

    private final int emptySeconds;

    public SessionLifetime(Duration emptyTimeout) {
        this.emptySeconds = Math.toIntExact(emptyTimeout.toSeconds());
    }

    /** A new session holds nothing yet. */
    @Override
    public void sessionCreated(HttpSessionEvent event) {
        event.getSession().setMaxInactiveInterval(emptySeconds);
    }

    /** After a change: the interval that fits what the session holds now (unchanged if it already fits). */
    public void fit(HttpSession session) {
        int wanted = holdsSomething(session) ? session.getServletContext().getSessionTimeout() * 60 : emptySeconds;
        if (session.getMaxInactiveInterval() != wanted) {
            session.setMaxInactiveInterval(wanted);
        }
    }

    private static boolean holdsSomething(HttpSession session) {
        Cart cart = (Cart) session.getAttribute(SessionAttributes.CART);
        OrderHistory orders = (OrderHistory) session.getAttribute(SessionAttributes.ORDERS);
        return session.getAttribute(SessionAttributes.USERNAME) != null
                || (cart != null && !cart.isEmpty())
                || (orders != null && !orders.orders().isEmpty());
    }
}
