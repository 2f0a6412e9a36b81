package io.unstick.session.internal.core;

/**
 * Hybrid logical clock stamps, the versions of a session's attributes: the wall-clock millisecond of the write in
 * the high 48 bits, a counter in the low 16. A record stamps each write with {@code max(now, newest stamp + 1)}, so
 * its stamps only grow even when clocks step back, and stamps from the two sides of a split cluster compare by the
 * time of the write, which a record's write counter could not (each side counts on from the same number). Equal
 * stamps are told apart by the writer's node id ({@link #newer}).
 */
public final class Hlc {

    private static final int LOGICAL_BITS = 16;

    private Hlc() {
    }

    /** The stamp of a write at {@code millis} in a record whose newest stamp is {@code newest}. */
    public static long next(long millis, long newest) {
        return Math.max(millis << LOGICAL_BITS, newest + 1);
    }

    /** The wall-clock millisecond a stamp was made at (0 for versions of records older than stamps). */
    public static long millis(long stamp) {
        return stamp >>> LOGICAL_BITS;
    }

    /** True when the write ({@code stamp}, {@code writer}) is newer than ({@code other}, {@code otherWriter}). */
    public static boolean newer(long stamp, String writer, long other, String otherWriter) {
        if (stamp != other) {
            return stamp > other;
        }
        return String.valueOf(writer).compareTo(String.valueOf(otherWriter)) > 0;
    }
}
