package io.unstick.shop.api;

import io.unstick.shop.actions.ShopException;
import io.unstick.shop.idempotency.Idempotency;
import io.unstick.shop.idempotency.Outcome;
import io.unstick.shop.session.StoreUnavailable;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Base of the JSON endpoints: dispatches by method, and is the one place where refusals and failures turn
 * into responses. A refused request gets its 4xx and message; anything else is logged with its cause and
 * answered with a bare 500, never a stack trace.
 */
abstract class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(ApiServlet.class);

    /** Returned by a handler whose answer has no body. */
    static final Object NO_CONTENT = new Object();

    /** Returned by a handler whose answer is not a plain 200: its status, and its body or null for none. */
    record Answer(int status, Object body) {
    }

    /** Returned by a keyed change that an earlier request with the same key made: 200 and the replay header. */
    record Replayed(Object body) {
    }

    /** The answer of a keyed change: its view, marked as a replay when an earlier request made the change. */
    static <T> Object answer(Outcome<T> outcome, Function<T, Object> view) {
        Object body = view.apply(outcome.value());
        return outcome.replayed() ? new Replayed(body) : body;
    }

    /** The request's {@code Idempotency-Key} with what the request asks for ({@code arguments}: its parsed body). */
    static Idempotency idempotency(HttpServletRequest request, String arguments) {
        return Idempotency.of(request.getHeader(Idempotency.HEADER), request.getMethod(), request.getRequestURI(),
                arguments);
    }

    @FunctionalInterface
    interface Handler {
        Object handle(HttpServletRequest request) throws IOException;
    }

    protected final transient JsonIo json;
    private final transient Map<String, Handler> handlers = new LinkedHashMap<>();

    ApiServlet(JsonIo json) {
        this.json = json;
    }

    protected final void on(String method, Handler handler) {
        handlers.put(method, handler);
    }

    @Override
    protected final void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Handler handler = handlers.get(request.getMethod());
        if (handler == null) {
            String allowed = String.join(", ", handlers.keySet());
            response.setHeader("Allow", allowed);
            json.writeError(response, 405, request.getMethod() + " is not allowed here; use " + allowed);
            return;
        }
        try {
            json.requireJsonIfBody(request);
            Object body = handler.handle(request);
            if (body == NO_CONTENT) {
                response.setStatus(204);
            } else if (body instanceof Replayed replayed) {
                response.setHeader(Idempotency.REPLAYED_HEADER, "true");
                json.write(response, 200, replayed.body());
            } else if (body instanceof Answer answer) {
                if (answer.body() == null) {
                    response.setStatus(answer.status());
                } else {
                    json.write(response, answer.status(), answer.body());
                }
            } else {
                json.write(response, 200, body);
            }
        } catch (ShopException e) {
            json.writeError(response, e.status(), e.getMessage());
        } catch (RuntimeException e) {
            if (StoreUnavailable.isCauseOf(e)) {
                log.warn("{} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
                StoreUnavailable.answer(response);
                return;
            }
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            if (!response.isCommitted()) {
                response.resetBuffer();
                json.writeError(response, 500, "internal error");
            }
        }
    }
}
