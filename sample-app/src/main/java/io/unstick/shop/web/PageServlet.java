package io.unstick.shop.web;

import io.unstick.shop.actions.ShopException;
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
 * Base of the HTML pages. A GET renders; a form POST acts and redirects (303) so that reloading never
 * posts twice. A refused form shows a friendly message with its 4xx; a failure is logged and shown as
 * a plain 500 page.
 */
abstract class PageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(PageServlet.class);

    /** What a handler produced: a page to show, or where to go next. */
    sealed interface Result permits Page, Redirect {
    }

    record Page(String title, String content) implements Result {
    }

    record Redirect(String location) implements Result {
    }

    @FunctionalInterface
    interface Handler {
        Result handle(HttpServletRequest request) throws IOException;
    }

    private final String nodeName;
    private final transient Map<String, Handler> handlers = new LinkedHashMap<>();

    PageServlet(String nodeName) {
        this.nodeName = nodeName;
    }

    protected final void on(String method, Handler handler) {
        handlers.put(method, handler);
    }

    @Override
    protected final void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Handler handler = handlers.get(request.getMethod());
        if (handler == null) {
            response.setHeader("Allow", String.join(", ", handlers.keySet()));
            render(request, response, 405, "Not here", "This page does not take " + request.getMethod() + " requests.", "");
            return;
        }
        try {
            if (request.getContentLengthLong() > JsonIo.MAX_BODY_BYTES) {
                throw new ShopException(413, "That form was larger than the shop accepts.");
            }
            Result result = handler.handle(request);
            if (result instanceof Redirect redirect) {
                response.setStatus(303);
                response.setHeader("Location", redirect.location());
            } else if (result instanceof Page page) {
                render(request, response, 200, page.title(), null, page.content());
            }
        } catch (ShopException e) {
            render(request, response, e.status(), "Something needs fixing", e.getMessage(),
                    "<p>Back to your <a href=\"/cart\">cart</a> or the <a href=\"/\">catalog</a>.</p>");
        } catch (RuntimeException e) {
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            if (!response.isCommitted()) {
                response.resetBuffer();
                render(request, response, 500, "Sorry", "Something went wrong on our side. Please try again.", "");
            }
        }
    }

    private void render(HttpServletRequest request, HttpServletResponse response, int status,
                        String title, String error, String content) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(Html.page(PageFrame.of(request, nodeName), title, error, content));
    }
}
