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

    /**
     * The one log line for a store failure found in {@code failure}'s causes: what the store did not do, and why, as
     * the innermost store failure's message says. The expected case (a timeout, a minority) needs no stack trace.
     */
    public static String describe(Throwable failure) {
        String message = failure.getMessage();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StoreUnavailableException) {
                message = t.getMessage();
            }
        }
        return message;
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
