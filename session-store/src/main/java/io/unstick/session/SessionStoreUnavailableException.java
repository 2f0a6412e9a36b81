package io.unstick.session;

import io.unstick.session.internal.core.StoreUnavailableException;

/**
 * The session store could not be reached while a request needed its session. {@code request.getSession()} throws
 * it instead of handing out a new, empty session; the manager's valve then answers the request with 503 and
 * {@code Retry-After: 1}, without a stack trace, and logs the cause. An application that prefers to answer itself
 * catches it:
 * <pre>{@code
 * HttpSession session;
 * try {
 *     session = request.getSession();
 * } catch (SessionStoreUnavailableException e) {
 *     response.sendError(503, "Please retry in a moment");
 *     return;
 * }
 * }</pre>
 * It is deliberately not an {@code IOException}, which Tomcat would read as "no session" and answer with a new one.
 */
public final class SessionStoreUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    SessionStoreUnavailableException(StoreUnavailableException cause) {
        super(cause.getMessage(), cause);
    }
}
