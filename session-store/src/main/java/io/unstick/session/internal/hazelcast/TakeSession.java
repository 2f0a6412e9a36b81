package io.unstick.session.internal.hazelcast;

import io.unstick.session.internal.core.SessionRecord;

/**
 * Takes a stored session away from its id and returns it, in one atomic step (the first half of a rename): the old
 * id is left a tombstone, so that a copy from before cannot bring it back in a merge. The tombstone keeps the content
 * until the rename ends: {@link ForgetRenamedContent} when it completed, {@link ReviveRenamedSession} when it failed.
 */
public final class TakeSession extends EndLiveSession<SessionRecord> {

    /** For Hazelcast deserialization only. */
    public TakeSession() {
    }

    /**
     * @param renamedTo the session's new store key, which marks the tombstone as this rename's
     * @param notAfter  the request's {@link WriteFence}: arriving later, nothing happens
     */
    public TakeSession(long millis, String renamedTo, long notAfter) {
        super(millis, renamedTo, notAfter);
    }

    @Override
    SessionRecord result(SessionRecord live) {
        return live == null ? null : live.withId(live.id()); // a copy: the entry's record becomes the tombstone
    }

    /** A second run of this take (a retried invocation) answers what the first one took: the rename goes on. */
    @Override
    SessionRecord resultAfterEnd(SessionRecord tombstone, String renamedTo) {
        return tombstone.takenFor(renamedTo);
    }

    @Override
    EndLiveSession<SessionRecord> unfenced(long millis, String node) {
        return new TakeSession(millis, node, WriteFence.NONE);
    }

    @Override
    String what() {
        return "a rename";
    }

    @Override
    void end(SessionRecord live, long millis, String renamedTo) {
        live.retire(millis, renamedTo);
    }
}
