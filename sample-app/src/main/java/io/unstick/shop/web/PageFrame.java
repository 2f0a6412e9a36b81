package io.unstick.shop.web;

import io.unstick.shop.cart.Cart;
import io.unstick.shop.session.SessionAttributes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/** What every page shows around its content: the node, the session's origin, the user, the cart size. */
record PageFrame(String nodeName, String sessionOrigin, String username, int cartItems) {

    static PageFrame of(HttpServletRequest request, String nodeName) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return new PageFrame(nodeName, null, null, 0);
        }
        Cart cart = (Cart) session.getAttribute(SessionAttributes.CART);
        int items = cart == null ? 0 : cart.quantities().values().stream().mapToInt(Integer::intValue).sum();
        return new PageFrame(nodeName,
                (String) session.getAttribute(SessionAttributes.CREATED_ON),
                (String) session.getAttribute(SessionAttributes.USERNAME),
                items);
    }
}
