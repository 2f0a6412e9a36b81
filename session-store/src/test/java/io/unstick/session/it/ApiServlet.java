package io.unstick.session.it;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Session operations for the tests, one per path: {@code /api/set?name=a&value=b}, {@code /api/cart/add}... */
final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private final transient TestApp app;

    ApiServlet(TestApp app) {
        this.app = app;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.setHeader("X-Node", app.node);
        String action = req.getPathInfo() == null ? "" : req.getPathInfo();
        String name = req.getParameter("name");
        String value = req.getParameter("value");
        if (action.equals("/create")) {
            resp.getWriter().print(req.getSession(true).getId());
            return;
        }
        if (action.equals("/set") && req.getParameter("create") != null) {
            req.getSession(true);
        }
        HttpSession session = req.getSession(false);
        if (session == null) {
            resp.sendError(404, "no session");
            return;
        }
        switch (action) {
            case "/set" -> {
                session.setAttribute(name, value);
                resp.getWriter().print("ok");
            }
            case "/get" -> resp.getWriter().print(String.valueOf(session.getAttribute(name)));
            case "/cart/add" -> {
                List<String> cart = (List<String>) session.getAttribute("cart");
                if (cart == null) {
                    cart = new ArrayList<>();
                    session.setAttribute("cart", cart);
                }
                cart.add(req.getParameter("item")); // in place: no setAttribute for an existing cart
                resp.getWriter().print(String.join(",", cart));
            }
            case "/cart/remove" -> {
                List<String> cart = (List<String>) session.getAttribute("cart");
                if (cart == null || !cart.remove(req.getParameter("item"))) {
                    resp.sendError(404, "not in the cart");
                    return;
                }
                resp.getWriter().print(String.join(",", cart));
            }
            case "/cart" -> {
                List<String> cart = (List<String>) session.getAttribute("cart");
                resp.getWriter().print(cart == null ? "" : String.join(",", cart));
            }
            case "/invalidate" -> {
                session.invalidate();
                resp.getWriter().print("invalidated");
            }
            case "/rotate" -> resp.getWriter().print(req.changeSessionId());
            case "/max" -> {
                if (req.getParameter("seconds") != null) {
                    session.setMaxInactiveInterval(Integer.parseInt(req.getParameter("seconds")));
                }
                resp.getWriter().print(session.getMaxInactiveInterval());
            }
            case "/bad" -> {
                try {
                    session.setAttribute("socket", new NotSerializableThing());
                    resp.getWriter().print("accepted");
                } catch (IllegalArgumentException e) {
                    resp.setStatus(400);
                    resp.getWriter().print(e.getMessage());
                }
            }
            case "/foreign" -> { // serializable, but outside an allow-list of io.unstick, java, jakarta and Tomcat
                session.setAttribute("foreign", new org.opentest4j.AssertionFailedError("not on the allow-list"));
                resp.getWriter().print("set");
            }
            case "/bind" -> {
                session.setAttribute("unbind-counter", new UnbindCounter());
                resp.getWriter().print("bound");
            }
            case "/barrier-set" -> {
                session.getAttribute(name); // the session is loaded before the other request commits
                awaitBarrier();
                session.setAttribute(name, value);
                resp.getWriter().print("ok");
            }
            case "/barrier-set-then-hold" -> {
                // Like /barrier-set, but the application completes the response itself (so the commit runs now)
                // and the request then goes on until the test lets it end: its session stays in use.
                session.getAttribute(name);
                awaitBarrier();
                session.setAttribute(name, value);
                byte[] body = "ok".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                resp.setContentLength(body.length);
                resp.getOutputStream().write(body);
                try {
                    app.hold.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            case "/rotate-after-hold" -> {
                // A login: reads what it will change, waits while the test lets another request change it, then
                // changes the session's id and the value; its commit is refused as stale.
                session.getAttribute(name);
                awaitBarrier();
                try {
                    app.hold.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                String newId = req.changeSessionId();
                session.setAttribute(name, value);
                resp.getWriter().print(newId);
            }
            case "/set-then-close" -> {
                // The application finishes the response itself, then keeps working before the request ends.
                session.setAttribute(name, value);
                byte[] body = "ok".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                resp.setContentLength(body.length);
                resp.getOutputStream().write(body);
                resp.getOutputStream().close();
                try {
                    Thread.sleep(Long.parseLong(req.getParameter("lingerMs")));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            case "/barrier-hold-then-get" -> {
                // Shares the session object of a request that is running (the test meets both at the barrier),
                // then reads the value once the test lets it go: whatever that request left in the object.
                awaitBarrier();
                try {
                    app.hold.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                resp.getWriter().print(String.valueOf(session.getAttribute(name)));
            }
            case "/hold" -> {
                try {
                    app.hold.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                resp.getWriter().print("held");
            }
            default -> resp.sendError(404, "unknown action " + action);
        }
    }

    private void awaitBarrier() throws IOException {
        try {
            app.barrier.await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("the other request never arrived", e);
        }
    }

    /** Holds something that cannot be serialized, like a socket. */
    static final class NotSerializableThing {
    }
}
