package io.unstick.session.internal.tomcat;

/**
 * The session store could not be reached while a request needed it. The commit valve turns it into a 503
 * without a stack trace; it is deliberately not an IOException, which Tomcat would read as "no session" and
 * answer with a new, empty one.
 */
public final class SessionStoreUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public SessionStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when {@code failure} or one of its causes is this exception. */
    static boolean isCauseOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SessionStoreUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
