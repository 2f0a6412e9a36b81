package io.unstick.shop.web;

import io.unstick.shop.actions.ShopException;
import io.unstick.shop.session.StoreUnavailable;
import io.unstick.shop.api.JsonIo;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of the HTML pages. A GET renders; a form POST checks its CSRF token, acts and redirects (303) so that
 * reloading never posts twice. A refused form shows a friendly message with its 4xx; a failure is logged and shown
 * as a plain 500 page.
 */
abstract class PageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(PageServlet.class);

    /** Shown when a form post lacks this browser's token: an old page, or a post from another site. */
    static final String FORM_EXPIRED = "This form has expired or did not come from this shop. Reload the page and try again.";

    /** What a handler produced: a page to show, or where to go next. */
    sealed interface Result permits Page, Redirect {
    }

    record Page(String title, String content) implements Result {
    }

    record Redirect(String location) implements Result {
    }

    @FunctionalInterface
    interface Handler {
        Result handle(HttpServletRequest request, Forms forms) throws IOException;
    }

    private record Route(Handler handler, boolean form) {
    }

    private final String nodeName;
    private final transient CsrfTokens csrf;
    private final transient Map<String, Route> routes = new LinkedHashMap<>();

    PageServlet(String nodeName, CsrfTokens csrf) {
        this.nodeName = nodeName;
        this.csrf = csrf;
    }

    /** A page, or a refusal for a method nobody posts to on purpose. */
    protected final void on(String method, Handler handler) {
        routes.put(method, new Route(handler, false));
    }

    /** A form post: runs only with this browser's CSRF token. */
    protected final void onForm(Handler handler) {
        routes.put("POST", new Route(handler, true));
    }

    @Override
    protected final void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Forms forms = new Forms(request, response, csrf);
        Route route = routes.get(request.getMethod());
        if (route == null) {
            response.setHeader("Allow", String.join(", ", routes.keySet()));
            render(request, response, forms, 405, "Not here", "This page does not take " + request.getMethod() + " requests.", "");
            return;
        }
        try {
            if (request.getContentLengthLong() > JsonIo.MAX_BODY_BYTES) {
                throw new ShopException(413, "That form was larger than the shop accepts.");
            }
            if (route.form() && !csrf.isValid(request)) {
                throw new ShopException(403, FORM_EXPIRED);
            }
            Result result = route.handler().handle(request, forms);
            if (result instanceof Redirect redirect) {
                if (route.form()) {
                    csrf.bindAfterPost(request);
                }
                response.setStatus(303);
                response.setHeader("Location", redirect.location());
            } else if (result instanceof Page page) {
                render(request, response, forms, 200, page.title(), null, page.content());
            }
        } catch (ShopException e) {
            render(request, response, forms, e.status(), "Something needs fixing", e.getMessage(),
                    "<p>Back to your <a href=\"/cart\">cart</a> or the <a href=\"/\">catalog</a>.</p>");
        } catch (RuntimeException e) {
            if (StoreUnavailable.isCauseOf(e)) {
                log.warn("{} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
                StoreUnavailable.answer(response);
                return;
            }
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            if (!response.isCommitted()) {
                response.resetBuffer();
                render(request, response, forms, 500, "Sorry", "Something went wrong on our side. Please try again.", "");
            }
        }
    }

    private void render(HttpServletRequest request, HttpServletResponse response, Forms forms, int status,
                        String title, String error, String content) throws IOException {
        String page = Html.page(PageFrame.of(request, nodeName, forms), title, error, content);
        response.setStatus(status);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(page);
    }
}
