package io.unstick.shop.session;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The session store could not serve the request's session in time (a stalled or cut-off member, a minority side of
 * a split): the request is answered 503 with {@code Retry-After}, and the store's valve has logged one line with the
 * cause. Recognised by class name, because a WAR in sticky mode runs without the session store's jar.
 */
public final class StoreUnavailable {

    private static final String EXCEPTION = "io.unstick.session.SessionStoreUnavailableException";

    private StoreUnavailable() {
    }

    public static boolean isCauseOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals(EXCEPTION)) {
                return true;
            }
        }
        return false;
    }

    /** 503 with {@code Retry-After: 1}; the shop's error valve renders it as JSON or a page. */
    public static void answer(HttpServletResponse response) throws IOException {
        if (!response.isCommitted()) {
            response.resetBuffer();
            response.setHeader("Retry-After", "1");
            response.sendError(503, "session store unavailable; retry");
        }
    }
}
