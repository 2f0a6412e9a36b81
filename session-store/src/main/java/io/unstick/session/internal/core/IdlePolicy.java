package io.unstick.session.internal.core;

/**
 * When the store's idle clock must be refreshed, and how long a stored session lives without refresh.
 *
 * <p>Refreshing the store on every request would cost a remote write per request, so a node refreshes it at most
 * once per {@link #slackMillis slack} (a tenth of the interval, between 100 ms and 60 s). To never expire a session
 * early, the store keeps an entry for the interval plus that slack: a session expires between
 * {@code maxInactiveInterval} and {@code maxInactiveInterval + slack} after its last access.
 */
public final class IdlePolicy {

    private static final long MIN_SLACK_MILLIS = 100;
    private static final long MAX_SLACK_MILLIS = 60_000;

    private IdlePolicy() {
    }

    public static long slackMillis(int maxInactiveSeconds) {
        if (maxInactiveSeconds <= 0) {
            return 0;
        }
        long tenth = maxInactiveSeconds * 1000L / 10;
        return Math.min(MAX_SLACK_MILLIS, Math.max(MIN_SLACK_MILLIS, tenth));
    }

    /** The store entry's time to live; zero means the session never expires. */
    public static long ttlMillis(int maxInactiveSeconds) {
        if (maxInactiveSeconds <= 0) {
            return 0;
        }
        return maxInactiveSeconds * 1000L + slackMillis(maxInactiveSeconds);
    }

    /**
     * A new session's idle timeout with {@code emptySessionTimeoutSeconds}: the short one, unless the application
     * already chose one (a listener changed it from the context's default) or the option is off (0).
     */
    public static int whenCreated(int current, int contextDefault, int emptySeconds) {
        return emptySeconds > 0 && current == contextDefault ? emptySeconds : current;
    }

    /**
     * The idle timeout once a session holds an attribute or a login: the context's default if it still has the
     * empty-session one; any other timeout (the application's own) stays.
     */
    public static int whenHolding(int current, int contextDefault, int emptySeconds) {
        return emptySeconds > 0 && current == emptySeconds ? contextDefault : current;
    }

    /** Whether a request at {@code now} must refresh a stored session last refreshed at {@code lastRefresh}. */
    public static boolean refreshDue(long lastRefresh, long now, int maxInactiveSeconds) {
        return maxInactiveSeconds > 0 && now - lastRefresh >= slackMillis(maxInactiveSeconds);
    }
}
