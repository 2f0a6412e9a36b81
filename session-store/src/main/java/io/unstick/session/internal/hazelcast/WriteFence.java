package io.unstick.session.internal.hazelcast;

/**
 * The last moment (wall clock, ms) at which a request's store write may still take effect. A request that gives up on
 * a call at {@code storeTimeoutMs} answers 503 ("nothing changed"), but Hazelcast does not give up: it retries the
 * invocation and runs it once the partition has an owner again (a resumed member, a promoted backup), seconds later.
 * So the write carries its request's deadline and the owner drops it when it arrives after that: a 503 then means
 * what it says, and a client that retries cannot add an item twice or bring back a removed one.
 *
 * <p>The fence is checked on the primary only; the backup replays what the primary did (see each processor's
 * {@code getBackupProcessor}). It lies a margin before the caller's own deadline, so that a write that passes the
 * check normally gets its answer back in time. Members' clocks are compared, so they must be synchronised (NTP);
 * what remains is a write that passes the fence and whose answer is then lost or delayed beyond the deadline (the
 * owner stalls in between): its client sees a 503 for a change that was made.
 */
final class WriteFence {

    /** No fence: a backup replaying its primary, or a call made outside any request. */
    static final long NONE = Long.MAX_VALUE;

    /** The most by which the fence lies before the caller's deadline. */
    private static final long MARGIN_MILLIS = 250;

    private WriteFence() {
    }

    /** The fence for a call that may wait {@code remainingMillis} more for its answer. */
    static long forDeadlineIn(long remainingMillis) {
        long margin = Math.min(MARGIN_MILLIS, remainingMillis / 4);
        return System.currentTimeMillis() + Math.max(0, remainingMillis - margin);
    }

    /**
     * @throws TooLateException when {@code notAfter} has passed; thrown from an entry processor, it leaves the entry
     *                          untouched and sends no backup
     */
    static void check(long notAfter, String what) {
        long late = System.currentTimeMillis() - notAfter;
        if (late > 0) {
            throw new TooLateException(what + " arrived " + late + " ms after its request's deadline and was dropped");
        }
    }

    /** A write that reached its owner after its request had given up on it. */
    public static final class TooLateException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /** Recognises the exception also where only its text survives (a Hazelcast client gets the name and text). */
        static final String MARK = "[unstick: too late]";

        TooLateException(String message) {
            super(MARK + " " + message, null, false, false);
        }

        static boolean isCause(Throwable cause) {
            return cause instanceof TooLateException || String.valueOf(cause.getMessage()).contains(MARK);
        }
    }
}
