package io.unstick.session.internal.hazelcast;

import io.unstick.session.internal.core.SessionRecord;

/**
 * Ends a stored session: its record becomes a tombstone. Nodes holding a copy hear of it as a content change by
 * another node and drop their copy. Answers whether there was a live session.
 */
public final class InvalidateSession extends EndLiveSession<Boolean> {

    /** For Hazelcast deserialization only. */
    public InvalidateSession() {
    }

    /** @param notAfter the request's {@link WriteFence}: arriving later, nothing happens */
    public InvalidateSession(long millis, String node, long notAfter) {
        super(millis, node, notAfter);
    }

    @Override
    Boolean result(SessionRecord live) {
        return live != null;
    }

    @Override
    EndLiveSession<Boolean> unfenced(long millis, String node) {
        return new InvalidateSession(millis, node, WriteFence.NONE);
    }

    @Override
    String what() {
        return "an invalidation";
    }

    @Override
    void end(SessionRecord live, long millis, String node) {
        live.invalidate(millis, node);
    }
}
