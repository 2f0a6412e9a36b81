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

    /** For Hazelcast deserialization only. */
    public TakeSession() {
    }

    public TakeSession(long millis, String node) {
        this.millis = millis;
        this.node = node;
    }

    @Override
    public SessionRecord process(Map.Entry<String, SessionRecord> entry) {
        SessionRecord record = entry.getValue();
        if (record == null || record.isInvalidated()) {
            return null;
        }
        SessionRecord taken = record.withId(record.id());
        InvalidateSession.leaveTombstone(entry, record, millis, node);
        return taken;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(millis);
        out.writeString(node);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        millis = in.readLong();
        node = in.readString();
    }
}
