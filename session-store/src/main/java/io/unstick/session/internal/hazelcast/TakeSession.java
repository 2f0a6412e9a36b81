package io.unstick.session.internal.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.unstick.session.internal.core.SessionRecord;

import java.io.IOException;
import java.util.Map;

/**
 * Takes a stored session away from its id and returns it, in one atomic step (the first half of a rename): the old
 * id is left a tombstone, so that a copy from before cannot bring it back in a merge.
 */
public final class TakeSession implements EntryProcessor<String, SessionRecord, SessionRecord>, DataSerializable {

    private long millis;
    private String node;
    private long notAfter;

    /** For Hazelcast deserialization only. */
    public TakeSession() {
    }

    /** @param notAfter the request's {@link WriteFence}: arriving later, nothing happens */
    public TakeSession(long millis, String node, long notAfter) {
        this.millis = millis;
        this.node = node;
        this.notAfter = notAfter;
    }

    @Override
    public SessionRecord process(Map.Entry<String, SessionRecord> entry) {
        WriteFence.check(notAfter, "a rename of session " + entry.getKey());
        SessionRecord record = entry.getValue();
        if (record == null || record.isInvalidated()) {
            return null;
        }
        SessionRecord taken = record.withId(record.id());
        InvalidateSession.leaveTombstone(entry, record, millis, node);
        return taken;
    }

    /** The backup replays what the primary did, fence or not. */
    @Override
    public EntryProcessor<String, SessionRecord, SessionRecord> getBackupProcessor() {
        return new TakeSession(millis, node, WriteFence.NONE);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(millis);
        out.writeString(node);
        out.writeLong(notAfter);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        millis = in.readLong();
        node = in.readString();
        notAfter = in.readLong();
    }
}
