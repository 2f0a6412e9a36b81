package io.unstick.session.internal.core;

/**
 * The session store did not answer a call a request needed. The adapter answers 503 wherever it finds this in a
 * failure's causes; the manager hands it to the application wrapped in the public
 * {@code SessionStoreUnavailableException}.
 */
public final class StoreUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when {@code failure} or one of its causes is a store failure. */
    public static boolean isCauseOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StoreUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
