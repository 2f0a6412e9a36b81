package io.unstick.shop.web;

import io.unstick.shop.cart.Cart;
import io.unstick.shop.session.SessionAttributes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * What every page shows around its content: the node, the session's origin, the user (with a log-out form and its
 * CSRF field), the cart size.
 */
record PageFrame(String nodeName, String sessionOrigin, String username, String logoutField, int cartItems) {

    static PageFrame of(HttpServletRequest request, String nodeName, Forms forms) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return new PageFrame(nodeName, null, null, null, 0);
        }
        Cart cart = (Cart) session.getAttribute(SessionAttributes.CART);
        int items = cart == null ? 0 : cart.quantities().values().stream().mapToInt(Integer::intValue).sum();
        String username = (String) session.getAttribute(SessionAttributes.USERNAME);
        return new PageFrame(nodeName,
                (String) session.getAttribute(SessionAttributes.CREATED_ON),
                username,
                username == null ? null : forms.field(),
                items);
    }
}
